import { assign, setup } from 'xstate'
import { flowActorLogic, PLACEHOLDER_ACTORS } from './actors.ts'
import { describeFailure, JOIN_ERROR_CODES, type JoinErrorCode } from '../src/trace/outcome.ts'
import type { PhaseMeta } from '../src/trace/phases.ts'
import type {
  ClientIdentity,
  DrsEndpoints,
  HelloKey,
  JoinResult,
  KeyMaterial,
  OpenIdConfiguration,
  PrimaryRefreshToken,
  ServiceConnectionPoint,
  SyncSummary,
  TenantIdentity,
  Tokens,
  UserRealm,
} from '../src/trace/ports.ts'

/** Every flow's machine has this id, so shared phase fragments can target `#flow.<FAILURE>`. */
export const FLOW_ID = 'flow'

export interface FlowInput {
  /** The computer's name, sent to DRS as `DeviceDisplayName`. */
  deviceName: string
}

export interface FlowContext {
  deviceName: string
  username?: string
  openId?: OpenIdConfiguration
  realm?: UserRealm
  tokens?: Tokens
  termsOfUse?: { url: string; text: string }
  /** The STS's form the device posts to, and the sign-in waiting for its second factor. */
  sts?: { action: string; context?: string }
  /** The SAML assertion the STS issued, forwarded as-is to Azure AD. */
  assertion?: string
  /** Hybrid: what the SCP named, the self-signed certificate, the signed identity, and how many sign-ins tried. */
  scp?: ServiceConnectionPoint
  userCertificate?: string
  clientIdentity?: ClientIdentity
  attempts?: number
  lastSync?: SyncSummary
  /** Write-back: how many sync cycles in a row were skipped while the phase watched. */
  skippedSyncCycles?: number
  drs?: DrsEndpoints
  keys?: KeyMaterial
  join?: JoinResult
  /** After the join (optional phases): the user's PRT, then their Windows Hello key. */
  prt?: PrimaryRefreshToken
  helloKey?: HelloKey
  /** The last refusal the user can do something about (a wrong password), shown at the prompt. */
  rejection?: string
  error?: { code: JoinErrorCode; message: string }
}

export type FlowEvent =
  | { type: 'username.submit'; username: string }
  | { type: 'password.submit'; password: string }
  | { type: 'signin.cancel' }
  | { type: 'tou.accept' }
  | { type: 'tou.decline' }
  | { type: 'mfa.submit'; code: string }

export const flowSetup = setup({
  types: {
    context: {} as FlowContext,
    events: {} as FlowEvent,
    input: {} as FlowInput,
    meta: {} as PhaseMeta,
  },
  // One contract (machines/actors.ts) for the placeholders here and the engine's implementations.
  actors: flowActorLogic(PLACEHOLDER_ACTORS),
  guards: {
    failedWith: ({ event }, params: { code: JoinErrorCode }) =>
      errorCode((event as { error?: unknown }).error) === params.code,
    hasTermsOfUse: ({ context }) => termsUrl(context) !== undefined,
    realmIsManaged: ({ context }) => context.realm?.kind === 'managed',
    realmIsFederated: ({ context }) => context.realm?.kind === 'federated',
    credentialsRejected: ({ event }) =>
      errorCode((event as { error?: unknown }).error) === 'CREDENTIALS_REJECTED',
  },
  actions: {
    recordFailure: assign({
      error: ({ event }) => {
        const error = (event as { error?: unknown }).error
        const code = errorCode(error)
        const message = error instanceof Error ? error.message : String(error ?? '')
        // An actor that rejects with no words still leaves the user a sentence to read.
        return { code, message: message.trim() === '' ? describeFailure(code) : message }
      },
    }),
    recordTimeout: assign({
      error: () => ({
        code: 'TIMED_OUT' as const,
        message: 'Nothing answered in time, so the device gave up.',
      }),
    }),
    recordCancel: assign({
      error: () => ({ code: 'SIGNIN_CANCELLED' as const, message: 'The user cancelled the sign-in.' }),
    }),
    recordRejection: assign({
      error: ({ context }) => ({
        code: 'CREDENTIALS_REJECTED' as const,
        message: context.rejection ?? 'The credentials were rejected.',
      }),
    }),
    recordDecline: assign({
      error: () => ({ code: 'TOU_DECLINED' as const, message: 'The user declined the MDM terms of use.' }),
    }),
  },
  delays: {
    /** How long the device waits for a service before it gives up. */
    serviceTimeout: 30_000,
    /** How long a prompt waits for the user: OOBE does not wait forever either. */
    userTimeout: 15 * 60_000,
    /**
     * How long the join task waits on something scheduled: Azure AD Connect's next cycle (every 30
     * minutes by default) or the task's next run (within the hour). Our choice: past both, so a
     * skipped cycle shows as such, yet no wait is endless. The run's clock skips ahead through it.
     */
    scheduleTimeout: 2 * 3600_000,
  },
})

function errorCode(error: unknown): JoinErrorCode {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && (JOIN_ERROR_CODES as readonly string[]).includes(code)
    ? (code as JoinErrorCode)
    : 'UNEXPECTED'
}

/** The tenant the device is joining: from the ID token in the cloud flows, from the SCP in the hybrid ones. */
export function tenantOf(context: FlowContext): TenantIdentity {
  const claims = context.tokens?.idClaims ?? {}
  if (context.scp && !context.tokens) return { id: context.scp.tenantId, name: context.scp.tenantName }
  return {
    id: String(claims.tid ?? context.scp?.tenantId ?? ''),
    name: String(claims.upn ?? '').split('@')[1] ?? context.scp?.tenantName ?? '',
    mdmTouUrl: termsUrl(context),
  }
}

export function termsUrl(context: FlowContext): string | undefined {
  const url = context.tokens?.idClaims.mdm_tou_url
  return typeof url === 'string' && url.trim() !== '' ? url : undefined
}

/** onError for every invoke: each failure code leads to the final state named after it. */
export const onFailure = JOIN_ERROR_CODES.map((code) => ({
  guard: { type: 'failedWith' as const, params: { code } },
  target: `#${FLOW_ID}.${code}`,
  actions: 'recordFailure' as const,
}))

/** `after` for every state that waits on a service. */
export const serviceDeadline = {
  serviceTimeout: { target: `#${FLOW_ID}.TIMED_OUT`, actions: 'recordTimeout' as const },
}
export const userDeadline = {
  userTimeout: { target: `#${FLOW_ID}.TIMED_OUT`, actions: 'recordTimeout' as const },
}
/** `after` for states that wait on a schedule (a sync cycle, the next sign-in), not on a request. */
export const scheduleDeadline = {
  scheduleTimeout: { target: `#${FLOW_ID}.TIMED_OUT`, actions: 'recordTimeout' as const },
}

/** The final states: `registered`, and one per failure code, tagged so the engine can tell. */
export function finalStates(lastPhase: PhaseMeta['phase']) {
  const failures = Object.fromEntries(
    JOIN_ERROR_CODES.map((code) => [code, { type: 'final' as const, tags: ['failure'] }]),
  )
  return {
    registered: {
      type: 'final' as const,
      meta: {
        phase: lastPhase,
        title: 'Registered',
        narration: 'The device is registered: it has its device ID and certificate.',
      },
    },
    ...failures,
  }
}
