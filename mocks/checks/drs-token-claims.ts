import { decodeProtectedHeader, type JWTPayload } from 'jose'
import { ProtocolError } from '../protocol-error.ts'
import { DRS, isPreAuthorized } from '../clients.ts'

// A real token for DRS carries `scp "adrs_access Device.Join …"` (diagnostics.md 4.1, from a
// Windows log); the emulated token endpoint issues DRS's `user_impersonation`. Either lets a client register.
const REGISTRATION_SCOPES = ['adrs_access', 'Device.Join', DRS.delegatedScope]

/** The token's header names the key Azure AD signs with (`kid`), as a relying party looks it up in the JWKS. */
export function requirePublishedSigningKey(token: string, publishedKid: string): void {
  let kid: unknown
  try {
    kid = decodeProtectedHeader(token).kid
  } catch {
    throw unauthenticated('The access token is malformed.')
  }
  if (kid !== publishedKid)
    throw unauthenticated(
      `The access token was signed with a key Azure AD does not publish (kid "${typeof kid === 'string' ? kid : ''}").`,
    )
}

/** `aud` is one string, the resource itself, not a list that merely contains it. */
export function requireSingleAudience(claims: JWTPayload, audience: string): void {
  if (claims.aud !== audience) throw unauthenticated(`The access token audience is not "${audience}".`)
}

/** `tid` is this tenant: a token from another tenant registers nothing here. */
export function requireTenantClaim(claims: JWTPayload, tenantId: string): void {
  if (claims.tid !== tenantId) throw unauthenticated('The access token was issued for another tenant.')
}

/** `appid` is a client pre-authorized for DRS (Windows' registration client, the broker, PowerShell, the CLIs). */
export function requireRegistrationClient(claims: JWTPayload): void {
  const appid = typeof claims.appid === 'string' ? claims.appid : ''
  if (!isPreAuthorized(appid, DRS))
    throw unauthenticated(`The application "${appid}" in the access token may not register devices.`)
}

/** `scp` (space-separated delegated scopes) holds one that allows registration. */
export function requireRegistrationScope(claims: JWTPayload): void {
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : []
  if (!scopes.some((scope) => REGISTRATION_SCOPES.includes(scope)))
    throw unauthenticated('The access token carries no scope that allows device registration.')
}

// MS-DVRJ's example refusal of a caller is 401-class `AuthenticationError`; the words are ours.
function unauthenticated(message: string): ProtocolError {
  return new ProtocolError('drs', 401, 'AuthenticationError', message)
}
