import { assign } from 'xstate'
import { FLOW_ID, flowSetup, onFailure, serviceDeadline, userDeadline } from '../setup.ts'
import { discoveringRealm } from './user-realm.ts'

/** Seed phase C of the federated flow: the realm points at the organisation's STS. */
export const signingInFederated = (next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'C',
      title: 'Find the federation service',
      narration: "The user is authenticated by the organisation's own STS.",
    },
    initial: 'discoveringRealm',
    states: {
      discoveringRealm: discoveringRealm('federated', 'openingStsPage'),
      openingStsPage: {
        meta: {
          phase: 'C',
          title: 'Redirect to the STS sign-in page',
          narration:
            'The join page follows the AuthURL to the STS, here AD FS, which serves its own sign-in form.',
        },
        invoke: {
          src: 'openStsSignIn',
          input: ({ context }) => ({
            authUrl: context.realm?.kind === 'federated' ? context.realm.authUrl : '',
          }),
          onDone: {
            target: 'awaitingStsCredentials',
            actions: assign({ sts: ({ event }) => ({ action: event.output }) }),
          },
          onError: onFailure,
        },
        after: serviceDeadline,
      },
      awaitingStsCredentials: {
        meta: {
          phase: 'C',
          title: 'Collect the credentials on the STS page',
          prompt: 'password',
          narration: "The user types the password into the STS's page: Azure AD never sees it.",
        },
        on: {
          'password.submit': `#${FLOW_ID}.${next}`,
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
    },
  })

/** Seed phase D of the federated flow: the STS authenticates the user, Azure AD accepts its token. */
export const authenticatingAtSts = (retry: string, next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase: 'D',
      title: 'Authenticate at the STS',
      narration: 'The STS checks the user and vouches for them to Azure AD.',
    },
    initial: 'postingCredentials',
    states: {
      postingCredentials: {
        meta: {
          phase: 'D',
          title: 'Post the credentials to the STS',
          narration:
            'The credentials go to the STS, which checks them against Active Directory. It may ask for another factor before it issues a token.',
        },
        invoke: {
          src: 'postStsCredentials',
          input: ({ context, event }) => ({
            action: context.sts?.action ?? '',
            username: context.username ?? '',
            password: event.type === 'password.submit' ? event.password : '',
          }),
          onDone: [
            {
              guard: ({ event }) => event.output.kind === 'assertion',
              target: 'redeemingAssertion',
              actions: assign({
                assertion: ({ event }) =>
                  event.output.kind === 'assertion' ? event.output.assertion : undefined,
                rejection: undefined,
              }),
            },
            {
              target: 'awaitingSecondFactor',
              actions: assign({
                sts: ({ event }) =>
                  event.output.kind === 'second-factor'
                    ? { action: event.output.action, context: event.output.context }
                    : undefined,
                rejection: undefined,
              }),
            },
          ],
          onError: [
            {
              guard: 'credentialsRejected',
              target: `#${FLOW_ID}.${retry}`,
              actions: assign({ rejection: ({ event }) => (event.error as Error).message }),
            },
            ...onFailure,
          ],
        },
        after: serviceDeadline,
      },
      awaitingSecondFactor: {
        meta: {
          phase: 'D',
          title: 'Answer the extra factor',
          prompt: 'mfa',
          narration:
            'The STS wants more than a password for this user: a verification code from their authenticator. After a wrong code ' +
            'the STS says so and asks again; a user who gives up ends the sign-in.',
        },
        on: {
          'mfa.submit': 'postingSecondFactor',
          'signin.cancel': [
            {
              guard: ({ context }) => Boolean(context.rejection),
              target: `#${FLOW_ID}.MFA_REJECTED`,
              actions: assign({
                error: ({ context }) => ({ code: 'MFA_REJECTED' as const, message: context.rejection ?? '' }),
              }),
            },
            { target: `#${FLOW_ID}.SIGNIN_CANCELLED`, actions: 'recordCancel' },
          ],
        },
        after: userDeadline,
      },
      postingSecondFactor: {
        meta: {
          phase: 'D',
          title: 'Post the verification code',
          narration: 'The code goes back to the STS with the sign-in it belongs to.',
        },
        invoke: {
          src: 'postSecondFactor',
          input: ({ context, event }) => ({
            action: context.sts?.action ?? '',
            context: context.sts?.context ?? '',
            code: event.type === 'mfa.submit' ? event.code : '',
          }),
          onDone: [
            {
              guard: ({ event }) => event.output.kind === 'assertion',
              target: 'redeemingAssertion',
              actions: assign({
                assertion: ({ event }) =>
                  event.output.kind === 'assertion' ? event.output.assertion : undefined,
                rejection: undefined,
              }),
            },
            {
              target: `#${FLOW_ID}.MFA_REJECTED`,
              actions: assign({
                error: () => ({
                  code: 'MFA_REJECTED' as const,
                  message: 'The STS asked for another factor again.',
                }),
              }),
            },
          ],
          onError: [
            // A wrong code: AD FS keeps the sign-in open and shows its code form again.
            {
              guard: ({ event }) => (event.error as { code?: unknown } | undefined)?.code === 'MFA_REJECTED',
              target: 'awaitingSecondFactor',
              actions: assign({ rejection: ({ event }) => (event.error as Error).message }),
            },
            ...onFailure,
          ],
        },
        after: serviceDeadline,
      },
      redeemingAssertion: {
        meta: {
          phase: 'D',
          title: 'Present the STS token to Azure AD',
          narration:
            "The STS's signed SAML token goes to Azure AD, which checks it against the federation trust for the domain and answers " +
            'with its own ID token and an access token for DRS. (Windows posts it from the web page; the token grant shows the same hand-over.)',
        },
        invoke: {
          src: 'redeemAssertion',
          input: ({ context }) => ({
            tokenEndpoint: context.openId?.tokenEndpoint ?? '',
            assertion: context.assertion ?? '',
            openId: context.openId,
          }),
          onDone: { target: `#${FLOW_ID}.${next}`, actions: assign({ tokens: ({ event }) => event.output }) },
          onError: onFailure,
        },
        after: serviceDeadline,
      },
    },
  })
