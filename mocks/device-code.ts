import { base64url } from 'jose'
import { http, HttpResponse } from 'msw'
import { requireKnownTenant } from './known-tenant.ts'
import { requireClient, requireResourceFor, type FirstPartyClient } from './clients.ts'
import { ProtocolError } from './protocol-error.ts'
import type { SignIn } from './refresh-tokens.ts'
import { guarded, readForm } from './respond.ts'
import { missingParameter, parseScopes } from './scopes.ts'
import type { Tenant } from './tenant.ts'
import { subjectOf, userIdClaims } from './tokens.ts'
import { LOGIN } from './well-known.ts'

const LIFETIME_SECONDS = 900
const INTERVAL_SECONDS = 5
const VERIFICATION_URL = 'https://microsoft.com/devicelogin'

interface PendingCode {
  deviceCode: string
  userCode: string
  clientId: string
  clientName: string
  expiresAt: number
  lastPollAt?: number
  approvedAs?: SignIn
  /** The user said no at the verification page. */
  declined?: true
}

interface DeviceCodeStore {
  byDeviceCode: Map<string, PendingCode>
  /** `npm run serve -- --approve-device-codes`: every new code is approved as this user at once. */
  autoApproveUpn?: string
}

const stores = new WeakMap<Tenant, DeviceCodeStore>()
function storeOf(tenant: Tenant): DeviceCodeStore {
  let store = stores.get(tenant)
  if (!store) stores.set(tenant, (store = { byDeviceCode: new Map() }))
  return store
}

/**
 * The device authorization endpoints (RFC 8628): v1 `oauth2/devicecode` with `resource`, v2.0
 * `oauth2/v2.0/devicecode` with `scope`. v1 answers `verification_url` and string numbers; v2.0
 * answers `verification_uri` and numbers [clients: roadtx and AADInternals read v1's
 * `verification_url`; msal-common DeviceCodeClient reads v2's `verification_uri`, `interval`].
 */
export function createDeviceCodeHandlers(tenant: Tenant) {
  return [
    http.post(
      `${LOGIN}/:tenant/oauth2/devicecode`,
      guarded(tenant, 'azure-ad', 'azure-ad', async ({ request, params }) => {
        requireKnownTenant(tenant, String(params.tenant))
        const form = await readForm(request)
        const client = requireClient(tenant, form.get('client_id') ?? '')
        const resource = form.get('resource')
        if (!resource) throw missingParameter('resource')
        requireResourceFor(tenant, client, resource)
        const code = newCode(tenant, client)
        return HttpResponse.json({
          user_code: code.userCode,
          device_code: code.deviceCode,
          verification_url: VERIFICATION_URL,
          expires_in: String(LIFETIME_SECONDS),
          interval: String(INTERVAL_SECONDS),
          message: instructions(code.userCode),
        })
      }),
    ),
    http.post(
      `${LOGIN}/:tenant/oauth2/v2.0/devicecode`,
      guarded(tenant, 'azure-ad', 'azure-ad', async ({ request, params }) => {
        requireKnownTenant(tenant, String(params.tenant))
        const form = await readForm(request)
        const client = requireClient(tenant, form.get('client_id') ?? '')
        requireResourceFor(tenant, client, parseScopes(form.get('scope')).resourceName)
        const code = newCode(tenant, client)
        return HttpResponse.json({
          user_code: code.userCode,
          device_code: code.deviceCode,
          verification_uri: VERIFICATION_URL,
          expires_in: LIFETIME_SECONDS,
          interval: INTERVAL_SECONDS,
          message: instructions(code.userCode),
        })
      }),
    ),
  ]
}

function instructions(userCode: string): string {
  return `To sign in, use a web browser to open the page ${VERIFICATION_URL} and enter the code ${userCode} to authenticate.`
}

function newCode(tenant: Tenant, client: FirstPartyClient): PendingCode {
  const store = storeOf(tenant)
  const code: PendingCode = {
    deviceCode: `DAQABAAEAAAD${base64url.encode(crypto.getRandomValues(new Uint8Array(96)))}`,
    userCode: userCodeOf(crypto.getRandomValues(new Uint8Array(9))),
    clientId: client.appId,
    clientName: client.name,
    expiresAt: tenant.deps.now() + LIFETIME_SECONDS * 1000,
  }
  const user = store.autoApproveUpn ? findUser(tenant, store.autoApproveUpn) : undefined
  if (user) code.approvedAs = userSignIn(tenant, user, client.appId)
  store.byDeviceCode.set(code.deviceCode, code)
  return code
}

// Nine upper-case letters and digits, as Azure AD's user codes read (e.g. "FQK5HW3UF").
function userCodeOf(random: Uint8Array): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  return [...random].map((byte) => alphabet[byte % alphabet.length]).join('')
}

/**
 * Polling the token endpoint with a device code. Until the user approves: `authorization_pending`
 * (AADSTS70016), `slow_down` when polled again within the interval [unconfirmed: Azure AD's
 * wording and code for it are not documented], `expired_token` (AADSTS70019 CodeExpired) once
 * the code's 15 minutes are up. An approved code is redeemed once.
 */
export function redeemDeviceCode(tenant: Tenant, deviceCode: string, client: FirstPartyClient): SignIn {
  const store = storeOf(tenant)
  const code = store.byDeviceCode.get(deviceCode)
  if (!code || code.clientId !== client.appId)
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_grant',
      'Provided grant is invalid or malformed.',
      70000,
    )
  const now = tenant.deps.now()
  if (now >= code.expiresAt) {
    store.byDeviceCode.delete(deviceCode)
    throw new ProtocolError('azure-ad', 400, 'expired_token', 'Verification code expired.', 70019)
  }
  if (code.approvedAs) {
    store.byDeviceCode.delete(deviceCode)
    return code.approvedAs
  }
  // RFC 8628 calls it access_denied; Azure AD answers authorization_declined (Microsoft's device
  // code flow documentation: stop polling) [unconfirmed: its AADSTS number, so none is sent].
  if (code.declined) {
    store.byDeviceCode.delete(deviceCode)
    throw new ProtocolError(
      'azure-ad',
      400,
      'authorization_declined',
      'The user declined the sign-in request at the verification page.',
    )
  }
  const tooSoon = code.lastPollAt !== undefined && now - code.lastPollAt < INTERVAL_SECONDS * 1000
  code.lastPollAt = now
  if (tooSoon)
    throw new ProtocolError(
      'azure-ad',
      400,
      'slow_down',
      `Polled again within the ${INTERVAL_SECONDS}-second interval.`,
    )
  throw new ProtocolError(
    'azure-ad',
    400,
    'authorization_pending',
    'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    70016,
  )
}

/** Why an approval was refused; the server's approval endpoint shows it as it is. */
export class ApprovalRefused extends Error {}

/**
 * The user signing in at the verification page and approving the code: the emulated stand-in
 * for https://microsoft.com/devicelogin, which is not emulated. Checks the code and the user's
 * password (federated users too: AD FS's sign-in page is not in this path).
 */
export function approveDeviceCode(tenant: Tenant, userCode: string, upn: string, password: string): void {
  const code = requirePending(tenant, userCode)
  const user = findUser(tenant, upn)
  if (!user || user.password !== password)
    throw new ApprovalRefused(
      'Error validating credentials due to invalid username or password (AADSTS50126).',
    )
  code.approvedAs = userSignIn(tenant, user, code.clientId)
}

/** The user at the verification page answering "No, cancel": the polling client hears authorization_declined. */
export function declineDeviceCode(tenant: Tenant, userCode: string): void {
  requirePending(tenant, userCode).declined = true
}

function requirePending(tenant: Tenant, userCode: string): PendingCode {
  const wanted = userCode.trim().toUpperCase()
  const code = [...storeOf(tenant).byDeviceCode.values()].find((candidate) => candidate.userCode === wanted)
  if (!code || code.approvedAs || code.declined || tenant.deps.now() >= code.expiresAt)
    throw new ApprovalRefused(
      `The code '${userCode}' is not a pending device code (AADSTS70018: BadVerificationCode).`,
    )
  return code
}

/** Approves every device code from now on as this user, for scripts (`--approve-device-codes`). */
export function approveDeviceCodesAs(tenant: Tenant, upn: string): void {
  if (!findUser(tenant, upn)) throw new Error(`no user ${upn} in the tenant`)
  storeOf(tenant).autoApproveUpn = upn
}

/** The codes waiting for a user, for the tracer page. */
export function pendingDeviceCodes(
  tenant: Tenant,
): Array<{ userCode: string; clientId: string; clientName: string; expiresAt: number }> {
  const now = tenant.deps.now()
  return [...storeOf(tenant).byDeviceCode.values()]
    .filter((code) => !code.approvedAs && !code.declined && now < code.expiresAt)
    .map(({ userCode, clientId, clientName, expiresAt }) => ({ userCode, clientId, clientName, expiresAt }))
}

function findUser(tenant: Tenant, upn: string) {
  return tenant.fixture.users.find((candidate) => candidate.upn.toLowerCase() === upn.toLowerCase())
}

function userSignIn(
  tenant: Tenant,
  user: NonNullable<ReturnType<typeof findUser>>,
  clientId: string,
): SignIn {
  return { clientId, subject: subjectOf(user), amr: ['pwd'], extraIdClaims: userIdClaims(tenant) }
}
