import { assign } from 'xstate'
import type { PhaseLetter } from '../../src/trace/phases.ts'
import { flowSetup, onFailure, serviceDeadline } from '../setup.ts'

/** The device key, its certificate request and the transport key (seed phase F/G/D by flow). */
export const creatingDeviceKeys = (phase: PhaseLetter, next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Create the device and transport keys',
      narration:
        'Windows creates the device key, an RSA 2048 pair (dkpub/dkpriv) kept in the TPM when there is one. It writes a ' +
        'certificate request around dkpub and signs it with dkpriv, proving it holds the key. Then it makes a second pair under ' +
        "the TPM's storage root key, the transport key (tkpub/tkpriv), which services use to seal secrets for this device alone.",
    },
    invoke: {
      src: 'createKeyMaterial',
      input: {},
      onDone: { target: next, actions: assign({ keys: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })
