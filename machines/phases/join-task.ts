import { assign } from 'xstate'
import { flowSetup, onFailure, serviceDeadline } from '../setup.ts'

/** Seed phase A of both hybrid flows: a user signs in and the Automatic-Device-Join task starts. */
export const startingJoinTask = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'A',
      title: 'Sign-in starts the join task',
      narration:
        'A user signs in to the domain-joined computer with domain credentials (a password or a smart card). The sign-in ' +
        'starts the scheduled task \\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join, which runs as the computer, not the user.',
    },
    entry: assign({ attempts: ({ context }) => (context.attempts ?? 0) + 1 }),
    invoke: { src: 'startJoinTask', input: {}, onDone: next, onError: onFailure },
    after: serviceDeadline,
  })

/** Seed phase B of both hybrid flows: the service connection point names the tenant. */
export const readingScp = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'B',
      title: 'Read the service connection point',
      narration:
        'The task asks a domain controller, over LDAP, for the keywords of the device registration service connection point in ' +
        'the configuration partition. azureADName and azureADId say which Azure AD tenant this forest registers its computers with.',
    },
    invoke: {
      src: 'readServiceConnectionPoint',
      input: {},
      onDone: { target: next, actions: assign({ scp: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })

/**
 * Seed phase B, checked: DRS discovery for the domain the SCP names must name the SCP's tenant ID.
 * The seed's phase B stops at the LDAP read; dsregcmd runs this as its "DRS Discovery Test".
 */
export const confirmingScpTenant = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'B',
      title: "Check the SCP's tenant with DRS",
      narration:
        'Before trusting the SCP, the task asks the Azure Device Registration Service for the discovery document of the domain ' +
        'it names. The answer must point at the same tenant ID as azureADId, and it tells the task where to send the join. The ' +
        'seed does not mention this look-up; dsregcmd reports it as its DRS discovery test.',
    },
    invoke: {
      src: 'confirmScpTenant',
      input: ({ context }) => ({ scp: context.scp! }),
      onDone: { target: next, actions: assign({ drs: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })
