import { assign } from 'xstate'
import { FLOW_ID, flowSetup, onFailure, serviceDeadline, userDeadline } from '../setup.ts'
import { discoveringRealm } from './user-realm.ts'

/** Seed phase B: build the sign-in request and ask the user who they are. */
export const collectingUsername = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'B',
      title: 'Ask who is signing in',
      prompt: 'username',
      narration:
        'With the endpoints known, the join page prepares a sign-in request for the authorization endpoint and asks for the ' +
        'work account, written as a user principal name such as someone@contoso.com.',
    },
    on: {
      'username.submit': {
        target: next,
        actions: assign({ username: ({ event }) => event.username.trim() }),
      },
      'signin.cancel': { target: `#${FLOW_ID}.SIGNIN_CANCELLED`, actions: 'recordCancel' },
    },
    after: userDeadline,
  })

/** Seed phase C of the managed flow: realm discovery, then the password goes to Azure AD. */
export const signingInManaged = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'C',
      title: 'Sign in to Azure AD',
      narration: 'The user is authenticated by Azure AD itself.',
    },
    initial: 'discoveringRealm',
    states: {
      discoveringRealm: discoveringRealm('managed', 'awaitingPassword'),
      awaitingPassword: {
        meta: {
          phase: 'C',
          title: 'Ask for the password',
          prompt: 'password',
          narration:
            'The domain is managed, so the page asks for the password and builds the authentication buffer it will use for ' +
            'automatic sign-in once setup ends.',
        },
        on: {
          'password.submit': 'requestingToken',
          // Giving up after a refusal is a failed sign-in, not a change of mind.
          'signin.cancel': [
            {
              guard: ({ context }) => Boolean(context.rejection),
              target: `#${FLOW_ID}.CREDENTIALS_REJECTED`,
              actions: 'recordRejection',
            },
            { target: `#${FLOW_ID}.SIGNIN_CANCELLED`, actions: 'recordCancel' },
          ],
        },
        after: userDeadline,
      },
      requestingToken: {
        meta: {
          phase: 'C',
          title: 'Post the credentials, receive tokens',
          narration:
            "The credentials go to Azure AD's token endpoint. Azure AD checks them and answers with an ID token describing the " +
            'user and an access token the Device Registration Service will accept. A wrong password sends the user back to the prompt.',
        },
        invoke: {
          src: 'requestUserToken',
          // The password travels in the event that entered this state and never lands in context.
          input: ({ context, event }) => ({
            tokenEndpoint: context.openId?.tokenEndpoint ?? '',
            username: context.username ?? '',
            password: event.type === 'password.submit' ? event.password : '',
            openId: context.openId,
          }),
          onDone: {
            target: `#${FLOW_ID}.${next}`,
            actions: assign({ tokens: ({ event }) => event.output, rejection: undefined }),
          },
          onError: [
            {
              guard: 'credentialsRejected',
              target: 'awaitingPassword',
              actions: assign({ rejection: ({ event }) => (event.error as Error).message }),
            },
            ...onFailure,
          ],
        },
        after: serviceDeadline,
      },
    },
  })
