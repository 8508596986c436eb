import { assign } from 'xstate'
import type { PhaseLetter } from '../../src/trace/phases.ts'
import { flowSetup, onFailure, serviceDeadline } from '../setup.ts'

/** DRS discovery (seed phase E managed, F federated): the tenant's registration endpoints. */
export const discoveringDrs = (phase: PhaseLetter, next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Discover the Device Registration Service',
      narration:
        "The device asks the Azure Device Registration Service for the discovery document of the user's domain. It names the " +
        'endpoints this tenant uses for joining devices and provisioning keys, and the resource a token must be issued for.',
    },
    invoke: {
      src: 'discoverDrs',
      input: ({ context }) => ({ domain: context.realm?.domain ?? context.username?.split('@')[1] ?? '' }),
      onDone: { target: next, actions: assign({ drs: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })
