import { assign } from 'xstate'
import type { UserRealm } from '../../src/trace/ports.ts'
import { FLOW_ID, flowSetup, onFailure, serviceDeadline } from '../setup.ts'

const NARRATION: Record<UserRealm['kind'], string> = {
  managed:
    'Knowing the user name, the page asks Azure AD which realm the domain belongs to. The answer says whether Azure AD ' +
    "checks the password itself (managed) or hands sign-in to the organisation's own federation service (federated).",
  federated:
    "The page asks Azure AD about the user's domain. Here the answer is federated: Azure AD does not hold this password; " +
    'it names the sign-in address (AuthURL) of the on-premises STS instead.',
}

/**
 * User realm discovery in phase C, for a flow that expects one kind of realm. The other kind is a
 * different flow of the seed, so it ends in DISCOVERY_FAILED saying which.
 */
export const discoveringRealm = (expected: UserRealm['kind'], next: string) =>
  flowSetup.createStateConfig({
    meta: { phase: 'C', title: 'Discover the user realm', narration: NARRATION[expected] },
    invoke: {
      src: 'discoverUserRealm',
      input: ({ context }) => ({ username: context.username ?? '' }),
      onDone: [
        {
          guard: ({ event }) => event.output.kind === expected,
          target: next,
          actions: assign({ realm: ({ event }) => event.output }),
        },
        {
          target: `#${FLOW_ID}.DISCOVERY_FAILED`,
          actions: assign({
            realm: ({ event }) => event.output,
            error: ({ event }) => ({
              code: 'DISCOVERY_FAILED' as const,
              message: `The user realm is ${event.output.kind}: this is the ${expected} flow, not the ${event.output.kind} one.`,
            }),
          }),
        },
      ],
      onError: onFailure,
    },
    after: serviceDeadline,
  })
