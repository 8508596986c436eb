import { base64url, decodeJwt } from 'jose'
import { toBase64 } from './encoding.ts'
import { JoinError } from './errors.ts'
import { readJson, requireString, send, serviceError } from './http.ts'
import type { DeviceKeyPair } from './keys/key-provider.ts'
import type { DeviceStore } from './device-store.ts'
import { LOGIN, OS_VERSION, PRT_TOKEN_ENDPOINT, WINDOWS_SIGN_IN_CLIENT_ID } from './well-known.ts'
import type { PrimaryRefreshToken, PrtCredential } from '../trace/ports.ts'

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const SAML_BEARER = 'urn:ietf:params:oauth:grant-type:saml1_1-bearer'

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

/** First sign-in, step one: ask Azure AD for a nonce to put in the PRT request (roadtx get_srv_challenge). */
export function requestServerNonce(fetcher: typeof fetch): Promise<Response> {
  return send(fetcher, PRT_TOKEN_ENDPOINT, form({ grant_type: 'srv_challenge' }))
}

export async function processServerNonce(response: Response): Promise<string> {
  const body = await readJson(response, 'nonce answer')
  if (!response.ok) throw serviceError('TOKEN_REJECTED', body, response.status)
  return requireString(body, 'Nonce', 'nonce answer')
}

export interface PrtRequestInput {
  deviceKey: DeviceKeyPair
  /** The device certificate DRS issued, PEM. */
  certificatePem: string
  nonce: string
  credential: PrtCredential
}

/**
 * Step two: the request JWT, RS256 signed by dkpriv, its header carrying the device certificate as
 * `x5c` (one base64 DER string, as roadtx sends it) and `kdf_ver: 2`; its payload the nonce, the
 * Windows sign-in client, `scope: openid aza ugs` and the user's credentials (a password, or an
 * AD FS assertion in standard base64). [clients: roadtx request_token_with_devicecert_signed_payload,
 * get_prt_with_password, get_prt_with_samltoken]
 */
export async function buildPrtRequest({ deviceKey, certificatePem, nonce, credential }: PrtRequestInput) {
  const header = { alg: 'RS256', typ: 'JWT', x5c: pemBody(certificatePem), kdf_ver: 2 }
  const payload = {
    client_id: WINDOWS_SIGN_IN_CLIENT_ID,
    request_nonce: nonce,
    scope: 'openid aza ugs',
    win_ver: OS_VERSION,
    ...(credential.kind === 'password'
      ? { grant_type: 'password', username: credential.username, password: credential.password }
      : { grant_type: SAML_BEARER, assertion: toBase64(utf8(credential.assertionXml)) }),
  }
  const signingInput = `${segment(header)}.${segment(payload)}`
  try {
    return `${signingInput}.${base64url.encode(await deviceKey.sign(utf8(signingInput)))}`
  } catch (error) {
    throw new JoinError(
      'KEY_GENERATION_FAILED',
      `The device key could not sign the PRT request: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
}

export function requestPrt(fetcher: typeof fetch, requestJwt: string): Promise<Response> {
  return send(
    fetcher,
    PRT_TOKEN_ENDPOINT,
    form({
      windows_api_version: '2.2',
      grant_type: JWT_BEARER,
      request: requestJwt,
      client_info: '1',
    }),
  )
}

/**
 * Step three: read the PRT answer and open `session_key_jwe` with the transport key. The JWE's
 * second part is the session key wrapped RSA-OAEP to tkpub; once unwrapped, the key proves itself
 * by opening the JWE (its AES-GCM tag checks out), and is then kept as a non-extractable key.
 */
export async function processPrtResponse(
  response: Response,
  transportKey: DeviceKeyPair,
): Promise<{ prt: PrimaryRefreshToken; sessionKey: CryptoKey }> {
  const body = await readJson(response, 'PRT answer')
  if (!response.ok) throw serviceError(prtErrorCode(body), body, response.status)
  const refreshToken = requireString(body, 'refresh_token', 'PRT answer')
  const jwe = requireString(body, 'session_key_jwe', 'PRT answer')
  let idClaims: Record<string, unknown>
  try {
    idClaims = decodeJwt(requireString(body, 'id_token', 'PRT answer'))
  } catch (error) {
    if (error instanceof JoinError) throw error
    throw new JoinError('RESPONSE_MALFORMED', 'The PRT answer\'s "id_token" is not a JWT.', { cause: error })
  }
  const sessionKey = await unwrapSessionKey(jwe, transportKey)
  return {
    prt: {
      refreshToken,
      expiresIn: Number(body.refresh_token_expires_in ?? body.expires_in ?? 0),
      upn: String(idClaims.upn ?? idClaims.unique_name ?? ''),
      sessionKeyBits: 256,
    },
    sessionKey,
  }
}

/** Unwraps the session key with tkpriv and checks it against the JWE's own tag. */
export async function unwrapSessionKey(jwe: string, transportKey: DeviceKeyPair): Promise<CryptoKey> {
  const [protectedHeader = '', wrappedKey = '', iv = '', ciphertext = '', tag = ''] = jwe.split('.')
  const malformed = (why: string, cause?: unknown) =>
    new JoinError('RESPONSE_MALFORMED', `The "session_key_jwe" ${why}`, { cause: cause ?? jwe })
  let header: { alg?: string; enc?: string }
  try {
    header = JSON.parse(new TextDecoder().decode(base64url.decode(protectedHeader))) as typeof header
  } catch (error) {
    throw malformed('is not a compact JWE.', error)
  }
  if (header.alg !== 'RSA-OAEP' || header.enc !== 'A256GCM')
    throw malformed(`uses ${header.alg}/${header.enc}, not RSA-OAEP/A256GCM.`)
  if (!transportKey.decrypt) throw new JoinError('KEY_GENERATION_FAILED', 'The transport key cannot decrypt.')
  let raw: Uint8Array
  try {
    raw = await transportKey.decrypt(base64url.decode(wrappedKey))
  } catch (error) {
    throw new JoinError(
      'KEY_GENERATION_FAILED',
      'The transport key could not unwrap the session key: it was sealed to another key.',
      { cause: error },
    )
  }
  if (raw.length !== 32) throw malformed(`wraps a ${raw.length * 8}-bit key, not 256 bits.`)
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['decrypt'])
  raw.fill(0)
  try {
    await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: base64url.decode(iv) as BufferSource,
        additionalData: utf8(protectedHeader) as BufferSource,
      },
      key,
      concat(base64url.decode(ciphertext), base64url.decode(tag)) as BufferSource,
    )
  } catch (error) {
    throw malformed('does not open with the key it wraps: its AES-GCM tag does not verify.', error)
  }
  return key
}

// AADSTS140000: stale nonce; 50155: device authentication failed; 50126 and kin: the user's credentials.
function prtErrorCode(body: Record<string, unknown>) {
  const codes = Array.isArray(body.error_codes) ? body.error_codes : []
  if (codes.includes(50126)) return 'CREDENTIALS_REJECTED' as const
  if (codes.includes(50053)) return 'ACCOUNT_LOCKED' as const
  return 'TOKEN_REJECTED' as const
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
}

function segment(value: object): string {
  return base64url.encode(JSON.stringify(value))
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}

/** Keeps the PRT's times and its session key in the device store, for `dsregcmd /status`. */
export function rememberPrt(
  store: DeviceStore,
  issued: { prt: PrimaryRefreshToken; sessionKey: CryptoKey },
  now: number,
): void {
  store.azureAdPrt = {
    updatedAt: now,
    expiresAt: now + issued.prt.expiresIn * 1000,
    authority: store.tenant ? `${LOGIN}/${store.tenant.tenantId}` : LOGIN,
    sessionKey: issued.sessionKey,
  }
}
