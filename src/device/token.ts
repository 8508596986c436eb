import { base64url, createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'
import { JoinError } from './errors.ts'
import { readJson, requireString, send, serviceError } from './http.ts'
import { DRS_RESOURCE, JOIN_CLIENT_ID } from './well-known.ts'

export interface TokenSet {
  accessToken: string
  idToken: string
  idClaims: JWTPayload
  expiresOn: number
}

/**
 * Phase C (managed): post the user's credentials to Azure AD's v1 token endpoint for the DRS
 * resource. Windows' web sign-in ends in the same token endpoint; the password grant keeps the
 * credentials in one visible exchange. @see protocol.md "C/D. Tokens from Azure AD"
 */
export function requestPasswordToken(
  fetcher: typeof fetch,
  tokenEndpoint: string,
  username: string,
  password: string,
): Promise<Response> {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: JOIN_CLIENT_ID,
    resource: DRS_RESOURCE,
    scope: 'openid',
    username,
    password,
  })
  return send(fetcher, tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
}

/** What the device checks an ID token against: Azure AD's published keys and issuer, on its clock. */
export interface IdTokenCheck {
  signingKeys: { keys: Array<Record<string, unknown>> }
  issuer: string
  now: number
}

export async function processTokenResponse(response: Response, check?: IdTokenCheck): Promise<TokenSet> {
  const body = await readJson(response, 'token response')
  if (!response.ok) throw serviceError(tokenErrorCode(body), body, response.status)
  const accessToken = requireString(body, 'access_token', 'token response')
  const idToken = requireString(body, 'id_token', 'token response')
  let idClaims: JWTPayload
  try {
    idClaims = decodeJwt(idToken)
  } catch (error) {
    throw new JoinError('RESPONSE_MALFORMED', 'The "id_token" is not a JWT.', { cause: error })
  }
  if (check) await verifyIdToken(idToken, check)
  return { accessToken, idToken, idClaims, expiresOn: Number(body.expires_on ?? 0) }
}

// AADSTS50034: no such user; 50126: wrong credentials; 50053: locked (smart lockout), which ends
// the sign-in rather than asking again; 50076/50079: a second factor is required.
function tokenErrorCode(body: Record<string, unknown>) {
  const codes = Array.isArray(body.error_codes) ? body.error_codes : []
  if (codes.includes(50034)) return 'USER_NOT_FOUND' as const
  if (codes.includes(50053)) return 'ACCOUNT_LOCKED' as const
  if (codes.includes(50076) || codes.includes(50079)) return 'MFA_REJECTED' as const
  // 50008, 50013, 50107: Azure AD does not accept the federation token (signature, expiry, issuer).
  if ([50008, 50013, 50107].some((code) => codes.includes(code))) return 'TOKEN_REJECTED' as const
  return 'CREDENTIALS_REJECTED' as const
}

/**
 * Phase D (federated): hand the STS's SAML assertion to Azure AD, which checks it against the
 * federation trust and answers with its own tokens. @see protocol.md "Hybrid federated"
 */
export function requestSamlBearerToken(
  fetcher: typeof fetch,
  tokenEndpoint: string,
  assertionXml: string,
): Promise<Response> {
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
    client_id: JOIN_CLIENT_ID,
    resource: DRS_RESOURCE,
    scope: 'openid',
    assertion: base64url.encode(assertionXml),
  })
  return send(fetcher, tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
}

// An ID token is believed only if Azure AD's published key signed it, for this issuer, and it is current.
async function verifyIdToken(idToken: string, check: IdTokenCheck): Promise<void> {
  try {
    await jwtVerify(idToken, createLocalJWKSet(check.signingKeys as JSONWebKeySet), {
      algorithms: ['RS256'],
      issuer: check.issuer,
      currentDate: new Date(check.now),
    })
  } catch (error) {
    throw new JoinError(
      'TOKEN_REJECTED',
      `The "id_token" does not verify against Azure AD's published keys: ${(error as Error).message}`,
      { cause: error },
    )
  }
}
