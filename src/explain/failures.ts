import type { JoinErrorCode } from '../trace/outcome.ts'
import type { PhaseLetter } from '../trace/phases.ts'
import type { Exchange, Trace } from '../trace/schema.ts'
import { classifyRequest } from '../trace/classify-request.ts'
import { windowsCode, type DsregPhase, type WindowsCode } from './windows-codes.ts'

/** A failed run told the way Windows would report it, then what it means and what to check. */
export interface FailureExplanation {
  code: JoinErrorCode
  /** The phase letter of the flow (A–I) where it stopped. */
  flowPhase?: PhaseLetter
  /** The phase as dsregcmd names it in Diagnostic Data; none for a failure after the join succeeded. */
  errorPhase?: DsregPhase
  client?: WindowsCode
  serverErrorCode?: string
  serverMessage?: string
  httpStatus?: number
  requestId?: string
  /** When it failed (ISO), on the run's clock. */
  failedAt?: string
  meaning: string
  check: string[]
}

interface Context {
  exchange?: Exchange
  host: string
  server: { code?: string; message?: string }
}

interface Rule {
  /** Undefined after the join: dsregcmd reports no error phase for a device that joined. */
  phase: DsregPhase | undefined | ((context: Context) => DsregPhase)
  client?: string | ((context: Context) => string | undefined)
  meaning: string
  check: string[]
}

const isDrs = (context: Context) => context.host === 'enterpriseregistration.windows.net'
const isAdfs = (context: Context) => context.exchange?.request.url.includes('/adfs/') ?? false
/** The last request got no answer at all: the connection dropped, or the device stopped waiting. */
const unanswered = (context: Context) =>
  context.exchange?.protocol === 'http' && context.exchange.response.status === 0
const status = (context: Context) => context.exchange?.response.status ?? 0

const RULES: Record<JoinErrorCode, Rule> = {
  USER_NOT_FOUND: {
    phase: 'auth',
    meaning:
      'Azure AD does not know the user name, or the domain after the @ is not a domain of any tenant (AADSTS50034).',
    check: [
      'The UPN is typed right and its domain is a verified custom domain of the tenant.',
      'The user exists in (or is synced to) Entra ID.',
    ],
  },
  CREDENTIALS_REJECTED: {
    phase: 'auth',
    meaning:
      'The identity provider refused the password: Azure AD for a managed domain (AADSTS50126), AD FS for a federated one.',
    check: [
      'The password, and whether it changed recently (password hash sync may lag).',
      'The account is not locked or disabled (AADSTS50053, AADSTS50057).',
    ],
  },
  ACCOUNT_LOCKED: {
    phase: 'auth',
    meaning:
      'Azure AD smart lockout locked the account after repeated wrong passwords (AADSTS50053); while locked, even the right password is refused.',
    check: [
      'Wait for the lockout to end (one minute by default, longer after repeated locks), then sign in with the right password.',
      'Smart lockout threshold and duration in Entra ID (Authentication methods › Password protection).',
      'Who else is trying the account: many wrong passwords from elsewhere lock it too.',
    ],
  },
  MFA_REJECTED: {
    phase: 'auth',
    meaning: 'The second factor was wrong or not given, and the tenant requires it to join devices.',
    check: [
      'The user’s MFA registration; the "require MFA to register or join devices" setting or Conditional Access policy.',
    ],
  },
  SIGNIN_CANCELLED: {
    phase: 'auth',
    meaning: 'The user closed the sign-in; nothing was sent to DRS.',
    check: ['Nothing to fix: start the join again.'],
  },
  TOU_DECLINED: {
    phase: 'join',
    meaning:
      'The user declined the MDM terms of use the token pointed to (mdm_tou_url), so Windows stopped before it asked DRS to join.',
    check: ['Whether the user should be in MDM scope (Intune automatic enrollment settings).'],
  },
  DISCOVERY_FAILED: {
    phase: 'discover',
    client: (context) => (context.exchange?.response.status === 503 ? '0x801c0025' : '0x801c0021'),
    meaning:
      'The device could not read the Device Registration Service’s discovery document, so it has no join endpoint.',
    check: [
      'Reach https://enterpriseregistration.windows.net/<domain>/enrollmentserver/contract as SYSTEM.',
      'A proxy that answers with a page of its own.',
    ],
  },
  SCP_NOT_FOUND: {
    phase: 'discover',
    client: (context) => (/tenant/i.test(context.server.message ?? '') ? '0x801c003a' : '0x801c001d'),
    meaning:
      'Active Directory has no service connection point the device can use: missing, without a tenant, or naming another tenant.',
    check: [
      'If the client-side override is used, HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD (TenantId, TenantName) names the same tenant.',
    ],
  },
  DEVICE_NOT_SYNCED: {
    phase: 'join',
    client: '0x801c03f2',
    meaning:
      'The synchronised join reached DRS before Azure AD Connect created the device object for this computer. Expected for a while after the computer gets its certificate.',
    check: [
      'Wait for the next sync cycle (about 30 minutes) and a sign-in; the task retries.',
      'The computer’s OU is in Azure AD Connect’s sync scope, and its userCertificate holds a self-signed certificate with CN=<objectGUID>.',
    ],
  },
  TOKEN_REJECTED: {
    phase: (context) => (isDrs(context) ? 'join' : 'auth'),
    // At Azure AD, 0xcaa20003 is its refusal of AD FS's token; a token the device itself refused
    // (its times against the device's clock) has no code in the references.
    client: (context) => (isDrs(context) ? '0x801c0002' : status(context) >= 400 ? '0xcaa20003' : undefined),
    meaning:
      'A service refused the token the device presented: Azure AD refused AD FS’s SAML token (signature, issuer, audience or time), or DRS refused the access token.',
    check: [
      'The token’s times against the request (the payload inspector shows exp as a date and how long before the request it expired).',
      'For AD FS tokens: the federation trust in Azure AD names AD FS’s current token-signing certificate.',
    ],
  },
  JOIN_REJECTED: {
    phase: 'join',
    client: (context) =>
      context.server.code === 'DirectoryError'
        ? '0x801c03f2'
        : context.server.code === 'AuthenticationError'
          ? '0x801c0002'
          : context.server.code === 'AuthorizationError'
            ? '0x801c0003'
            : '0x801c0006',
    meaning:
      'The Device Registration Service refused the registration request; its error type and message say which rule it broke.',
    check: ['The server message; the request ID correlates with the service’s logs.'],
  },
  SERVICE_UNAVAILABLE: {
    phase: (context) =>
      isAdfs(context) ? 'auth' : context.exchange?.request.method === 'GET' ? 'discover' : 'join',
    client: (context) => {
      if (unanswered(context)) return isAdfs(context) ? '0xcaa82efe' : '0x80072efe'
      if (isAdfs(context)) return '0xcaa90006'
      if (!isDrs(context)) return '0x80072efd'
      // DRS: 503 is DSREG_SERVER_BUSY; any other server error is an unhandled exception there.
      return status(context) === 503 ? '0x801c0025' : '0x801c0006'
    },
    meaning: 'A service did not answer or answered with a server error (HTTP 5xx).',
    check: ['The service’s health; try again later (the join task retries at sign-in and hourly).'],
  },
  RESPONSE_MALFORMED: {
    phase: 'discover',
    client: '0x8007000d',
    meaning: 'A service answered with something the device could not read (often a proxy’s HTML page).',
    check: ['What sits between the device and the service: proxies, TLS inspection.'],
  },
  DEVICE_QUOTA_EXCEEDED: {
    phase: 'join',
    client: '0x801c000e',
    meaning:
      'The user has joined or registered as many devices as the tenant allows one user (DRS answered AuthorizationError, DeviceCapReached).',
    check: [
      'Entra ID › Devices › Device settings: "Maximum number of devices per user" (50 by default).',
      'Remove the user’s stale devices, or raise the limit.',
    ],
  },
  KEY_GENERATION_FAILED: {
    phase: 'join',
    client: '0x80290407',
    meaning: 'The device could not create or use its device or transport key.',
    check: ['The TPM (tpm.msc), or run without one: Windows falls back to software keys.'],
  },
  TIMED_OUT: {
    phase: 'discover',
    // Discovery that waited too long is DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT; any other request, WinINet's timeout.
    client: (context) =>
      isDrs(context) && context.exchange?.request.method === 'GET' ? '0x801c001f' : '0x80072ee2',
    meaning: 'A step waited too long and nobody answered.',
    check: ['Network path and proxy from the device, as SYSTEM.'],
  },
  NOT_PROVIDED: {
    phase: 'pre-check',
    meaning: 'The tool ran a flow without one of its parts; no real device reports this.',
    check: ['A bug in the tool or a trace written by hand.'],
  },
  UNEXPECTED: {
    phase: 'pre-check',
    meaning: 'Something failed that the flow did not expect.',
    check: ['The failure message and the last exchange.'],
  },
}

/** The explanation of a failed run, or undefined for one that registered or is pending. */
export function explainTraceFailure(trace: Trace): FailureExplanation | undefined {
  if (trace.outcome === 'registered' || trace.outcome === 'pending') return undefined
  const code = trace.outcome
  const steps = trace.steps
  const exchanges = steps.flatMap((step) => step.exchanges)
  const exchange =
    exchanges.findLast((candidate) => candidate.response.status >= 400 || candidate.response.status === 0) ??
    exchanges.at(-1)
  const context: Context = {
    exchange,
    host: hostOf(exchange),
    server: serverError(exchange, trace.failure?.message),
  }
  const rule = afterJoinRule(exchange) ?? RULES[code]
  const clientHex = typeof rule.client === 'function' ? rule.client(context) : rule.client
  const lastStep = steps.at(-1)
  const started = Date.parse(trace.startedAt)
  return {
    code,
    flowPhase: trace.failure?.phase ?? lastStep?.phase,
    errorPhase: typeof rule.phase === 'function' ? rule.phase(context) : rule.phase,
    client: clientHex ? windowsCode(clientHex) : undefined,
    serverErrorCode: context.server.code,
    serverMessage: context.server.message ?? trace.failure?.message,
    httpStatus:
      exchange && exchange.protocol === 'http' && exchange.response.status >= 400
        ? exchange.response.status
        : undefined,
    requestId: exchange ? requestId(exchange) : undefined,
    failedAt: Number.isNaN(started) || !lastStep ? undefined : new Date(started + lastStep.at).toISOString(),
    meaning: rule.meaning,
    check: [...rule.check, ...(clientHex ? (windowsCode(clientHex)?.check ?? []) : [])].filter(unique),
  }
}

/**
 * A refusal after the join (the first sign-in's PRT, the Windows Hello key): the device stays
 * joined, dsregcmd reports no join error, and what to check is not the join's.
 */
function afterJoinRule(exchange: Exchange | undefined): Rule | undefined {
  if (!exchange || exchange.response.status < 400) return undefined
  const kind = classifyRequest(exchange.request).kind
  if (kind === 'key-registration') return AFTER_JOIN_RULES.helloKey
  if (kind === 'prt' || kind === 'prt-nonce') return AFTER_JOIN_RULES.prt
  return undefined
}

const AFTER_JOIN_RULES: Record<'prt' | 'helloKey', Rule> = {
  prt: {
    phase: undefined,
    meaning:
      'The device is joined, but Azure AD refused its Primary Refresh Token request: the nonce was stale, the request was not signed by the key of the device certificate it carried, the device is no longer registered, or the user’s credentials were wrong. dsregcmd /status shows AzureAdPrt : NO.',
    check: [
      'The AADSTS code in the server message: 140000 a stale nonce (clock skew or a slow device), 50155 device authentication (certificate, device object, signature), 50126 the password.',
      'The device object is still enabled in Entra ID and holds this certificate (a re-joined or deleted device fails).',
    ],
  },
  helloKey: {
    phase: undefined,
    meaning:
      'The device is joined and has its PRT, but the key service refused to register the Windows Hello for Business key; its message says why (MS-KPP: 401 for the token, 400 for the request).',
    check: [
      'A 401 about amr: the sign-in behind the token had no second factor; Windows Hello provisioning asks for MFA (ngcmfa, mfa or multipleauthn in amr).',
      'The user’s MFA registration, and any Conditional Access policy on device registration.',
    ],
  },
}

function unique(value: string, index: number, all: string[]): boolean {
  return all.indexOf(value) === index
}

function hostOf(exchange: Exchange | undefined): string {
  try {
    return exchange ? new URL(exchange.request.url).hostname.toLowerCase() : ''
  } catch {
    return ''
  }
}

/** DRS answers {ErrorType, Message}; Azure AD {error, error_description}: the first line of which is the AADSTS sentence. */
function serverError(exchange: Exchange | undefined, fallback?: string): Context['server'] {
  if (!exchange || exchange.response.status < 400) return { message: fallback }
  let body: Record<string, unknown> = {}
  try {
    const parsed = JSON.parse(exchange.response.body) as unknown
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>
  } catch {
    return { message: fallback }
  }
  // The key service answers MS-KPP's ErrorDetails: {code, message}.
  const code = body.ErrorType ?? body.error ?? body.code
  const message =
    body.Message ?? (body.error_description ? String(body.error_description).split(/\r?\n/)[0] : body.message)
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' && message ? message : fallback,
  }
}

// dsregcmd's Request Id is the client-request-id the device sent; the service's trace ID is the next best.
function requestId(exchange: Exchange): string | undefined {
  const sent = Object.entries(exchange.request.headers).find(
    ([name]) => name.toLowerCase() === 'client-request-id',
  )
  if (sent) return sent[1]
  try {
    const body = JSON.parse(exchange.response.body) as Record<string, unknown>
    const id = body.TraceId ?? body.trace_id ?? body.correlation_id
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

const HYBRID = new Set(['haadj-managed', 'haadj-federated'])
const TESTS = [
  'AD Connectivity Test',
  'AD Configuration Test',
  'DRS Discovery Test',
  'DRS Connectivity Test',
  'Token acquisition Test',
] as const

/**
 * The pre-join Diagnostic Data section `dsregcmd /status` prints on a domain-joined computer that
 * failed to hybrid join; undefined for cloud joins (Windows prints none) and for runs that did not fail.
 */
export function diagnosticData(trace: Trace): Record<string, string> | undefined {
  const explanation = explainTraceFailure(trace)
  if (!explanation?.errorPhase || !HYBRID.has(trace.scenario)) return undefined
  const federated = trace.scenario === 'haadj-federated'
  const failing = failingTest(explanation)
  let failed = false
  const tests = Object.fromEntries(
    TESTS.map((test) => {
      if (test === 'Token acquisition Test' && !federated) return [test, 'SKIPPED']
      if (failed) return [test, 'SKIPPED']
      if (test !== failing) return [test, 'PASS']
      failed = true
      return [test, `FAIL [${explanation.client?.hex ?? 'unknown'}]`]
    }),
  )
  return {
    'Diagnostics Reference': 'www.microsoft.com/aadjerrors',
    'User Context': 'SYSTEM',
    'Client Time': dsregTime(explanation.failedAt),
    ...tests,
    'Fallback to Sync-Join': 'ENABLED',
    'Previous Registration': dsregTime(explanation.failedAt),
    'Registration Type': federated && explanation.errorPhase !== 'join' ? 'fed' : 'sync',
    'Error Phase': explanation.errorPhase ?? '',
    'Client ErrorCode': explanation.client?.hex ?? 'unknown',
    'Server ErrorCode': explanation.serverErrorCode ?? '',
    'Server Message': explanation.serverMessage ?? '',
    'Https Status': explanation.httpStatus ? String(explanation.httpStatus) : '',
    'Request Id': explanation.requestId ?? '',
  }
}

function failingTest(explanation: FailureExplanation): (typeof TESTS)[number] | undefined {
  switch (explanation.errorPhase) {
    case 'pre-check':
      return 'AD Connectivity Test'
    case 'discover':
      return explanation.code === 'SCP_NOT_FOUND' ? 'AD Configuration Test' : 'DRS Discovery Test'
    case 'auth':
      return 'Token acquisition Test'
    case 'join':
    case undefined:
      return undefined
  }
}

/** dsregcmd prints times as `2026-01-15 09:30:00.000 UTC`. */
function dsregTime(iso: string | undefined): string {
  return iso ? `${iso.replace('T', ' ').replace('Z', '')} UTC` : ''
}
