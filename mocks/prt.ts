import {
  base64url,
  CompactEncrypt,
  decodeProtectedHeader,
  importX509,
  jwtVerify,
  type JWTPayload,
} from 'jose'
import { requireClient } from './clients.ts'
import { transportWrappingKey } from './device-keys.ts'
import { ProtocolError } from './protocol-error.ts'
import { issueRefreshToken } from './refresh-tokens.ts'
import { SAML_BEARER, samlGrant } from './saml-grant.ts'
import { missingParameter } from './scopes.ts'
import type { DeviceObject, Tenant } from './tenant.ts'
import type { PasswordGrant } from './token-grants.ts'
import { issueTokens } from './tokens.ts'
import { sha1Hex, x509 } from './x509.ts'

const SRV_CHALLENGE = 'srv_challenge'
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
/** How long a server nonce may be used [unconfirmed: roadtx reuses one for three minutes]. */
const NONCE_LIFETIME_MS = 5 * 60_000
const PRT_LIFETIME_SECONDS = 14 * 24 * 3600
/** The resource a PRT's access token names: Azure AD itself (the PRT is for the broker, not an API). */
const PRT_RESOURCE = 'urn:aad:tb:update:prt'

const nonceStores = new WeakMap<Tenant, Map<string, number>>()
function noncesOf(tenant: Tenant): Map<string, number> {
  let nonces = nonceStores.get(tenant)
  if (!nonces) nonceStores.set(tenant, (nonces = new Map()))
  return nonces
}

/**
 * What the v1 token endpoint answers for a device before any client check: a server nonce for
 * `grant_type=srv_challenge`, and a Primary Refresh Token for a jwt-bearer `request` signed by the
 * device key. Any other grant is not a device grant (undefined).
 * Wire shape [clients: ROADtools roadlib auth.py get_srv_challenge, deviceauth.py
 * request_token_with_devicecert_signed_payload and get_prt_with_password].
 */
export async function answerDeviceGrant(
  tenant: Tenant,
  form: URLSearchParams,
  passwordGrant: PasswordGrant,
): Promise<object | undefined> {
  const grantType = form.get('grant_type')
  if (grantType === SRV_CHALLENGE) return { Nonce: newNonce(tenant) }
  if (grantType === JWT_BEARER && form.has('request'))
    return primaryRefreshToken(tenant, form.get('request') ?? '', passwordGrant)
  return undefined
}

function newNonce(tenant: Tenant): string {
  const now = tenant.deps.now()
  const nonces = noncesOf(tenant)
  for (const [nonce, issuedAt] of nonces) if (now - issuedAt > NONCE_LIFETIME_MS) nonces.delete(nonce)
  const nonce = `AwABAAEAAAACAOz_BAD0_${base64url.encode(crypto.getRandomValues(new Uint8Array(32)))}`
  nonces.set(nonce, now)
  return nonce
}

/**
 * The PRT request. Rules, in the order Azure AD would meet them:
 * - `request` is a JWT whose header carries the device certificate (`x5c`, base64 DER);
 * - the certificate was issued by this tenant's device CA and is the one the device object holds
 *   (a deleted or re-joined device fails): AADSTS50155 DeviceAuthenticationFailed;
 * - the JWT verifies with the certificate's key (RS256): else 50155 too;
 * - `request_nonce` is one this tenant issued in the last five minutes: else AADSTS140000;
 * - the client is known, `scope` asks for `aza` (a PRT), and the user's credentials (a password,
 *   or an AD FS assertion for a federated user) are right: those grants' own errors.
 * The PRT is also a refresh token of the Windows sign-in client for DRS, so a client can get a DRS
 * token carrying `deviceid` (for key registration) with the refresh_token grant. Windows signs that
 * request with the session key instead [clients: roadtx prtauth]; that signature is not emulated.
 * Answer: the PRT as `refresh_token`, `session_key_jwe` (a fresh 256-bit session key as the content
 * key of a JWE wrapped RSA-OAEP to the device's transport key), `id_token`, `client_info`, lifetimes.
 */
async function primaryRefreshToken(tenant: Tenant, request: string, passwordGrant: PasswordGrant) {
  if (!request) throw missingParameter('request')
  const { certificate, device } = await requireDeviceCertificate(tenant, request)
  const claims = await requireDeviceSignature(request, certificate)
  requireFreshNonce(tenant, claims.request_nonce)
  const client = requireClient(tenant, String(claims.client_id ?? ''))
  if (
    !String(claims.scope ?? '')
      .split(' ')
      .includes('aza')
  )
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_scope',
      "A PRT request must ask for the scope 'aza'.",
      70011,
    )
  const signIn = await userSignIn(tenant, claims, client.appId, passwordGrant)
  const deviceSignIn = { ...signIn, extraClaims: { ...signIn.extraClaims, deviceid: device.deviceId } }
  const tokens = await issueTokens(tenant, { ...deviceSignIn, resource: PRT_RESOURCE })
  const sessionKey = crypto.getRandomValues(new Uint8Array(32))
  return {
    token_type: 'Bearer',
    expires_in: String(PRT_LIFETIME_SECONDS),
    ext_expires_in: '0',
    expires_on: String(Math.floor(tenant.deps.now() / 1000) + PRT_LIFETIME_SECONDS),
    refresh_token: await issueRefreshToken(tenant, deviceSignIn),
    refresh_token_expires_in: String(PRT_LIFETIME_SECONDS),
    session_key_jwe: await wrapSessionKey(device, sessionKey),
    id_token: tokens.id_token,
    client_info: base64url.encode(
      JSON.stringify({ uid: signIn.subject.objectId, utid: tenant.fixture.tenantId }),
    ),
  }
}

// The user's credentials inside the request: a password (get_prt_with_password) or an AD FS
// assertion, standard base64 (get_prt_with_samltoken) [clients: roadtx].
function userSignIn(tenant: Tenant, claims: JWTPayload, clientId: string, passwordGrant: PasswordGrant) {
  if (claims.grant_type === 'password') {
    const form = new URLSearchParams({
      username: String(claims.username ?? ''),
      password: String(claims.password ?? ''),
    })
    return passwordGrant(tenant, form, clientId)
  }
  if (claims.grant_type === SAML_BEARER)
    return samlGrant(tenant, new URLSearchParams({ assertion: String(claims.assertion ?? '') }), clientId)
  throw new ProtocolError(
    'azure-ad',
    400,
    'unsupported_grant_type',
    `The PRT request's grant_type '${String(claims.grant_type ?? '')}' is not supported here: use password or ${SAML_BEARER}.`,
    70003,
  )
}

async function requireDeviceCertificate(tenant: Tenant, request: string) {
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(request)
  } catch {
    throw new ProtocolError('azure-ad', 400, 'invalid_request', 'The "request" is not a JWT.', 90014)
  }
  const x5c = Array.isArray(header.x5c) ? header.x5c[0] : (header.x5c as unknown)
  let certificate: x509.X509Certificate
  try {
    certificate = new x509.X509Certificate(String(x5c ?? ''))
  } catch {
    throw deviceAuthentication('The "request" header carries no device certificate in x5c.')
  }
  const ca = await tenant.deviceCa()
  if (!(await certificate.verify({ publicKey: ca.certificate, signatureOnly: true })))
    throw deviceAuthentication('The device certificate was not issued by this tenant.')
  const deviceId = certificate.subjectName.getField('CN')[0]?.toLowerCase() ?? ''
  const device = tenant.devices.get(deviceId)
  if (!device || device.deviceCertificateThumbprint !== (await sha1Hex(certificate.rawData)))
    throw deviceAuthentication(
      `The device '${deviceId}' is not registered with this certificate (or was deleted).`,
    )
  return { certificate, device }
}

async function requireDeviceSignature(
  request: string,
  certificate: x509.X509Certificate,
): Promise<JWTPayload> {
  try {
    const key = await importX509(certificate.toString('pem'), 'RS256')
    return (await jwtVerify(request, key, { algorithms: ['RS256'] })).payload
  } catch {
    throw deviceAuthentication('The "request" is not signed by the key of the device certificate it carries.')
  }
}

function requireFreshNonce(tenant: Tenant, nonce: unknown): void {
  const issuedAt = typeof nonce === 'string' ? noncesOf(tenant).get(nonce) : undefined
  if (issuedAt === undefined || tenant.deps.now() - issuedAt > NONCE_LIFETIME_MS)
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_grant',
      'Request nonce is not provided, not issued by this service, or older than five minutes: ask srv_challenge for a new one.',
      140000,
    )
}

async function wrapSessionKey(device: DeviceObject, sessionKey: Uint8Array): Promise<string> {
  const wrappingKey = await transportWrappingKey(device.transportKey ?? '')
  return new CompactEncrypt(new Uint8Array(0))
    .setProtectedHeader({ enc: 'A256GCM', alg: 'RSA-OAEP' })
    .setContentEncryptionKey(sessionKey)
    .encrypt(wrappingKey)
}

function deviceAuthentication(message: string): ProtocolError {
  return new ProtocolError(
    'azure-ad',
    400,
    'invalid_grant',
    `Device authentication failed. ${message}`,
    50155,
  )
}
