import { assign } from 'xstate'
import type { PhaseLetter } from '../../src/trace/phases.ts'
import { FLOW_ID, flowSetup, onFailure, serviceDeadline, termsUrl, userDeadline } from '../setup.ts'

/**
 * The MDM terms of use (seed phase D managed, E federated). The phase is always a state, even when
 * the claim is absent, so the trace shows it was skipped.
 */
export const reviewingTermsOfUse = (phase: PhaseLetter, next: string) =>
  flowSetup.createStateConfig({
    meta: { phase, title: 'MDM terms of use', narration: 'Terms of use, when the organisation sets them.' },
    initial: 'checkingClaim',
    states: {
      checkingClaim: {
        meta: {
          phase,
          title: 'Look for the mdm_tou_url claim',
          narration:
            'The page reads the ID token for an mdm_tou_url claim: the address of terms of use the organisation wants accepted.',
        },
        always: [{ guard: 'hasTermsOfUse', target: 'fetchingTerms' }, { target: 'skipped' }],
      },
      skipped: {
        meta: {
          phase,
          title: 'No terms of use: phase skipped',
          skipped: true,
          narration:
            'The ID token carries no mdm_tou_url claim (or an empty one), so there is nothing to accept and this phase is skipped.',
        },
        always: `#${FLOW_ID}.${next}`,
      },
      fetchingTerms: {
        meta: {
          phase,
          title: 'Fetch the terms of use',
          narration: 'The page downloads the terms from the address in the claim.',
        },
        invoke: {
          src: 'fetchTermsOfUse',
          input: ({ context }) => ({ url: termsUrl(context) ?? '' }),
          onDone: {
            target: 'awaitingConsent',
            actions: assign({
              termsOfUse: ({ context, event }) => ({ url: termsUrl(context) ?? '', text: event.output }),
            }),
          },
          onError: onFailure,
        },
        after: serviceDeadline,
      },
      awaitingConsent: {
        meta: {
          phase,
          title: 'Wait for the user to accept',
          prompt: 'tou',
          narration:
            'The terms are shown and Windows waits. Accepting lets the join go on; declining ends it here, as Windows does.',
        },
        on: {
          'tou.accept': `#${FLOW_ID}.${next}`,
          'tou.decline': { target: `#${FLOW_ID}.TOU_DECLINED`, actions: 'recordDecline' },
        },
        after: userDeadline,
      },
    },
  })
