import type { PhaseLetter } from '../../src/trace/phases.ts'
import { flowSetup, onFailure, serviceDeadline, tenantOf } from '../setup.ts'

/** The last phase: keep the device ID, install the certificate in the Personal store. */
export const completingRegistration = (phase: PhaseLetter, whatNext: string, next = 'registered') =>
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
      input: ({ context }) => ({
        join: context.join!,
        keys: context.keys!,
        tenant: tenantOf(context),
        drs: context.drs,
      }),
      onDone: next,
      onError: onFailure,
    },
    after: serviceDeadline,
  })
