import type { PhaseLetter } from '../../src/trace/phases.ts'
import { flowSetup, onFailure, serviceDeadline } from '../setup.ts'

/** The last phase: keep the device ID, install the certificate in the Personal store. */
export const completingRegistration = (phase: PhaseLetter, whatNext: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Install the certificate, keep the device ID',
      narration:
        'Registration ends on the device: it stores the device ID, which dsregcmd /status reports from now on, and installs the ' +
        `device certificate in the computer's Personal store. ${whatNext}`,
    },
    invoke: {
      src: 'completeRegistration',
      input: ({ context }) => ({ join: context.join!, drs: context.drs!, keys: context.keys!, tokens: context.tokens! }),
      onDone: 'registered',
      onError: onFailure,
    },
    after: serviceDeadline,
  })
