import { assign } from 'xstate'
import { completingRegistration } from './phases/completion.ts'
import { creatingDeviceKeys } from './phases/device-keys.ts'
import { confirmingScpTenant, readingScp, startingJoinTask } from './phases/join-task.ts'
import { FLOW_ID, finalStates, flowSetup, onFailure, scheduleDeadline, serviceDeadline } from './setup.ts'

/** A sign-in that finds the device not yet synced tries again at the next one; a few, then it gives up. */
const MAX_ATTEMPTS = 3

/**
 * Hybrid Azure AD joined, managed domain: seed phases A–H. The computer's own certificate, synced by
 * Azure AD Connect, is what lets it register. @see ../shared/seeds "Hybrid Azure AD joined in Managed environments"
 */
export const haadjManagedMachine = flowSetup.createMachine({
  id: FLOW_ID,
  context: ({ input }) => ({ deviceName: input.deviceName }),
  initial: 'startingJoinTask',
  states: {
    startingJoinTask: startingJoinTask('readingScp'),
    readingScp: readingScp('confirmingScpTenant'),
    confirmingScpTenant: confirmingScpTenant('publishingUserCertificate'),
    publishingUserCertificate: {
      meta: {
        phase: 'C',
        title: 'Write a self-signed certificate to AD',
        narration:
          "The task makes a key pair and a certificate signed by itself, named after the computer's objectGUID, and writes it " +
          'to the userCertificate attribute of its own computer object. On a later sign-in it finds the certificate already there.',
      },
      invoke: {
        src: 'publishUserCertificate',
        input: {},
        onDone: {
          target: 'awaitingSyncCycle',
          actions: assign({ userCertificate: ({ event }) => event.output }),
        },
        onError: onFailure,
      },
      after: serviceDeadline,
    },
    awaitingSyncCycle: {
      meta: {
        phase: 'D',
        title: 'Azure AD Connect syncs the computer',
        narration:
          'Until Azure AD has a device object holding that certificate, the computer cannot authenticate. Azure AD Connect notices ' +
          'the changed attribute and, on its next cycle (every 30 minutes by default), sends userCertificate, objectGUID and objectSid ' +
          "to Azure AD, which creates the device object. The run's clock jumps to that cycle.",
      },
      invoke: {
        src: 'awaitSyncCycle',
        input: {},
        onDone: {
          target: 'provingComputerIdentity',
          actions: assign({ lastSync: ({ event }) => event.output }),
        },
        onError: onFailure,
      },
      after: scheduleDeadline,
    },
    provingComputerIdentity: {
      meta: {
        phase: 'E',
        title: 'Authenticate with the certificate key',
        narration:
          'The task proves it is the computer by signing with the private key of its userCertificate. The seed tells it as a sign-in ' +
          'that returns an ID token; on the wire the signed proof (the computer SID and the time, signed with that key) travels inside ' +
          'the registration request of phase G, where DRS checks it against the certificate Azure AD Connect synced.',
      },
      invoke: {
        src: 'signClientIdentity',
        input: {},
        onDone: {
          target: 'creatingDeviceKeys',
          actions: assign({ clientIdentity: ({ event }) => event.output }),
        },
        onError: onFailure,
      },
      after: serviceDeadline,
    },
    creatingDeviceKeys: creatingDeviceKeys('F', 'joiningDevice'),
    joiningDevice: {
      meta: {
        phase: 'G',
        title: 'Register with DRS on the synced device object',
        narration:
          'The task sends DRS the signed proof, the certificate request and tkpub, addressed to the device object named by the ' +
          'objectGUID. DRS checks the proof against the synced certificate, signs a device certificate and updates the device object. ' +
          'If Azure AD Connect has not run yet, DRS does not know the device and the task tries again at the next sign-in.',
      },
      invoke: {
        src: 'joinHybridDevice',
        input: ({ context }) => ({
          drs: context.drs!,
          scp: context.scp!,
          clientIdentity: context.clientIdentity!,
          keys: context.keys!,
          deviceName: context.deviceName,
        }),
        onDone: { target: 'completingRegistration', actions: assign({ join: ({ event }) => event.output }) },
        onError: [
          {
            guard: ({ context, event }) =>
              (event.error as { code?: string }).code === 'DEVICE_NOT_SYNCED' &&
              (context.attempts ?? 0) < MAX_ATTEMPTS,
            target: 'waitingForNextSignIn',
          },
          ...onFailure,
        ],
      },
      after: serviceDeadline,
    },
    waitingForNextSignIn: {
      meta: {
        phase: 'G',
        title: 'Not synced yet: wait for the next sign-in',
        narration:
          'DRS has no device object for this computer yet. The task gives up for now and runs again at the next sign-in, or within the hour.',
      },
      invoke: { src: 'waitForNextSignIn', input: {}, onDone: 'startingJoinTask', onError: onFailure },
      after: scheduleDeadline,
    },
    completingRegistration: completingRegistration('H', 'With registration complete, the task exits.'),
    ...finalStates('H'),
  },
})
