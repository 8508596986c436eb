import { assign } from 'xstate'
import { flowSetup, onFailure, serviceDeadline } from '../setup.ts'

/** Seed phase A of both Azure AD joined flows: find out where Azure AD's endpoints are. */
export const discoveringAzureAd = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'A',
      title: 'Discover Azure AD endpoints',
      narration:
        'Out of the box, Windows opens the Azure AD join page inside the Cloud Experience Host. Before it can sign anyone in, ' +
        'it fetches the OpenID configuration document, which lists the authorization and token endpoints, then the signing keys it names, ' +
        'so that it can check the ID token it receives later.',
    },
    invoke: {
      src: 'fetchOpenIdConfiguration',
      input: { tenant: 'organizations' },
      onDone: { target: next, actions: assign({ openId: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })
