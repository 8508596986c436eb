import { assign } from 'xstate'
import type { PhaseLetter } from '../../src/trace/phases.ts'
import { flowSetup, onFailure, serviceDeadline } from '../setup.ts'

/** The registration request to DRS (seed phase G managed, H federated). */
export const joiningDevice = (phase: PhaseLetter, next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Register the device with DRS',
      narration:
        'The device sends DRS its access token, the signed certificate request and tkpub. DRS checks the token, creates a ' +
        'device ID, writes the device object into Azure AD and signs a certificate for dkpub, which it sends back with the ID.',
    },
    invoke: {
      src: 'joinDevice',
      input: ({ context }) => ({
        drs: context.drs!,
        tokens: context.tokens!,
        keys: context.keys!,
        domain: context.realm?.domain ?? '',
        deviceName: context.deviceName,
        joinType: 0 as const,
      }),
      onDone: { target: next, actions: assign({ join: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })
