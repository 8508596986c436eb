import { base64url } from 'jose'
import { mayShareRefreshToken, type FirstPartyClient } from './clients.ts'
import { ProtocolError } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'
import type { TokenGrant } from './tokens.ts'

/** Who signed in, how, and for which client: everything a refresh token stands for but the resource. */
export type SignIn = Omit<TokenGrant, 'resource'>

/** What a refresh token carries, sealed: the sign-in, the tenant that issued it and when. */
interface RefreshClaims {
  signIn: SignIn
  tenantId: string
  issuedAt: number
}

/** A refresh token older than this has expired (Azure AD's default inactivity window). */
const REFRESH_INACTIVITY_MS = 90 * 24 * 3600_000
const IV_BYTES = 12
const PREFIX = '0.A'

/** Per tenant: tokens issued before this instant are revoked ("revoke sessions"), by user object ID. */
const validFromByTenant = new WeakMap<Tenant, Map<string, number>>()
function validFrom(tenant: Tenant): Map<string, number> {
  let map = validFromByTenant.get(tenant)
  if (!map) validFromByTenant.set(tenant, (map = new Map()))
  return map
}

const sealingKeys = new WeakMap<Tenant, Promise<CryptoKey>>()
function sealingKey(tenant: Tenant): Promise<CryptoKey> {
  let key = sealingKeys.get(tenant)
  if (!key) {
    key = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
    sealingKeys.set(tenant, key)
  }
  return key
}

/**
 * Issues a refresh token: the sign-in sealed with AES-GCM under a key only this tenant holds, bound
 * to its tenant ID. Like Azure AD's, the token is an encrypted blob the client cannot read, and the
 * server keeps nothing per token, so a long `npm run serve` session does not grow with every join.
 */
export async function issueRefreshToken(tenant: Tenant, signIn: SignIn): Promise<string> {
  const { clientId, subject, amr, extraClaims, extraIdClaims } = signIn
  const claims: RefreshClaims = {
    signIn: { clientId, subject, amr, extraClaims, extraIdClaims },
    tenantId: tenant.fixture.tenantId,
    issuedAt: tenant.deps.now(),
  }
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(claims.tenantId) },
    await sealingKey(tenant),
    new TextEncoder().encode(JSON.stringify(claims)),
  )
  const bytes = new Uint8Array(IV_BYTES + sealed.byteLength)
  bytes.set(iv)
  bytes.set(new Uint8Array(sealed), IV_BYTES)
  return PREFIX + base64url.encode(bytes)
}

/** The claims a token carries, or undefined when it is not one this tenant sealed (made up, altered, another tenant's). */
async function unseal(tenant: Tenant, token: string): Promise<RefreshClaims | undefined> {
  if (!token.startsWith(PREFIX)) return undefined
  try {
    const bytes = new Uint8Array(base64url.decode(token.slice(PREFIX.length)))
    if (bytes.length <= IV_BYTES) return undefined
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bytes.subarray(0, IV_BYTES),
        additionalData: new TextEncoder().encode(tenant.fixture.tenantId),
      },
      await sealingKey(tenant),
      bytes.subarray(IV_BYTES),
    )
    return JSON.parse(new TextDecoder().decode(plain)) as RefreshClaims
  } catch {
    return undefined
  }
}

/**
 * Redeems a refresh token for the client presenting it; the token answer then carries a new one,
 * which the client keeps in place of this (as MSAL does). Refusals, with Azure AD's codes
 * (reference-error-codes.md in MicrosoftDocs/entra-docs):
 * - made up, altered, or issued in another tenant: AADSTS70000 InvalidGrant;
 * - issued to another client outside the family of client IDs: AADSTS70000;
 * - the user's sessions were revoked after it was issued: AADSTS50173 FreshTokenNeeded;
 * - issued more than 90 days ago, so unused since: AADSTS700082 ExpiredOrRevokedGrantInactiveToken
 *   (older services said 70008).
 */
export async function redeemRefreshToken(
  tenant: Tenant,
  token: string,
  client: FirstPartyClient,
): Promise<SignIn> {
  const claims = await unseal(tenant, token)
  if (!claims || claims.tenantId !== tenant.fixture.tenantId)
    throw invalidGrant('Provided grant is invalid or malformed.', 70000)
  const { signIn, issuedAt } = claims
  if (!mayShareRefreshToken(signIn.clientId, client))
    throw invalidGrant(
      `The refresh token was issued to a different client ('${signIn.clientId}') and cannot be redeemed by '${client.appId}'.`,
      70000,
    )
  const revokedBefore = validFrom(tenant).get(signIn.subject.objectId)
  if (revokedBefore !== undefined && issuedAt < revokedBefore)
    throw invalidGrant(
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(issuedAt).toISOString()}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(revokedBefore).toISOString()}'.`,
      50173,
    )
  if (tenant.deps.now() - issuedAt > REFRESH_INACTIVITY_MS)
    throw invalidGrant(
      `The refresh token has expired due to inactivity. The token was issued on ${new Date(issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
      700082,
    )
  return { ...signIn, clientId: client.appId }
}

/** Revokes every refresh token a user holds (Revoke-AzureADUserAllRefreshToken, "revoke sessions"). */
export function revokeSignInSessions(tenant: Tenant, objectId: string): void {
  validFrom(tenant).set(objectId, tenant.deps.now())
}

function invalidGrant(message: string, code: number): ProtocolError {
  return new ProtocolError('azure-ad', 400, 'invalid_grant', message, code)
}
