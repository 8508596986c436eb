import { base64url } from 'jose'
import { mayShareRefreshToken, type FirstPartyClient } from './clients.ts'
import { ProtocolError } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'
import type { TokenGrant } from './tokens.ts'

/** Who signed in, how, and for which client: everything a refresh token stands for but the resource. */
export type SignIn = Omit<TokenGrant, 'resource'>

interface RefreshRecord {
  signIn: SignIn
  tenantId: string
  issuedAt: number
  lastUsedAt: number
}

interface RefreshStore {
  tokens: Map<string, RefreshRecord>
  /** Per user object ID: tokens issued before this instant are revoked ("revoke sessions"). */
  validFrom: Map<string, number>
}

/** A refresh token unused this long has expired (Azure AD's default inactivity window). */
const REFRESH_INACTIVITY_MS = 90 * 24 * 3600_000

const stores = new WeakMap<Tenant, RefreshStore>()
function storeOf(tenant: Tenant): RefreshStore {
  let store = stores.get(tenant)
  if (!store) stores.set(tenant, (store = { tokens: new Map(), validFrom: new Map() }))
  return store
}

/**
 * Issues an opaque refresh token and remembers what it stands for. Azure AD's are encrypted blobs
 * that only it can read; here the blob is random and the meaning stays on the server.
 */
export function issueRefreshToken(tenant: Tenant, signIn: SignIn): string {
  const random = crypto.getRandomValues(new Uint8Array(48))
  const token = `0.A${base64url.encode(random)}`
  const now = tenant.deps.now()
  const { clientId, subject, amr, extraClaims, extraIdClaims } = signIn
  storeOf(tenant).tokens.set(token, {
    signIn: { clientId, subject, amr, extraClaims, extraIdClaims },
    tenantId: tenant.fixture.tenantId,
    issuedAt: now,
    lastUsedAt: now,
  })
  return token
}

/**
 * Redeems a refresh token for the client presenting it. Refusals, with Azure AD's codes
 * (reference-error-codes.md in MicrosoftDocs/entra-docs):
 * - unknown or issued in another tenant: AADSTS70000 InvalidGrant;
 * - issued to another client outside the family of client IDs: AADSTS70000;
 * - the user's sessions were revoked after it was issued: AADSTS50173 FreshTokenNeeded;
 * - unused for 90 days: AADSTS700082 ExpiredOrRevokedGrantInactiveToken (older services said 70008).
 */
export function redeemRefreshToken(tenant: Tenant, token: string, client: FirstPartyClient): SignIn {
  const record = storeOf(tenant).tokens.get(token)
  if (!record || record.tenantId !== tenant.fixture.tenantId)
    throw invalidGrant('Provided grant is invalid or malformed.', 70000)
  if (!mayShareRefreshToken(record.signIn.clientId, client))
    throw invalidGrant(
      `The refresh token was issued to a different client ('${record.signIn.clientId}') and cannot be redeemed by '${client.appId}'.`,
      70000,
    )
  const now = tenant.deps.now()
  const validFrom = storeOf(tenant).validFrom.get(record.signIn.subject.objectId)
  if (validFrom !== undefined && record.issuedAt < validFrom)
    throw invalidGrant(
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(record.issuedAt).toISOString()}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(validFrom).toISOString()}'.`,
      50173,
    )
  if (now - record.lastUsedAt > REFRESH_INACTIVITY_MS)
    throw invalidGrant(
      `The refresh token has expired due to inactivity. The token was issued on ${new Date(record.issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
      700082,
    )
  record.lastUsedAt = now
  return { ...record.signIn, clientId: client.appId }
}

/** Revokes every refresh token a user holds (Revoke-AzureADUserAllRefreshToken, "revoke sessions"). */
export function revokeSignInSessions(tenant: Tenant, objectId: string): void {
  storeOf(tenant).validFrom.set(objectId, tenant.deps.now())
}

function invalidGrant(message: string, code: number): ProtocolError {
  return new ProtocolError('azure-ad', 400, 'invalid_grant', message, code)
}
