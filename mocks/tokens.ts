import { base64url, SignJWT, type JWTPayload } from 'jose'
import { requireClient } from './clients.ts'
import type { UserFixture } from './fixtures/tenant.ts'
import { issueRefreshToken } from './refresh-tokens.ts'
import { serviceNow, type Tenant } from './tenant.ts'
import { ONE_HOUR_SECONDS } from './well-known.ts'

export interface TokenGrant {
  clientId: string
  /** The resource the access token is for; becomes its `aud`. */
  resource: string
  subject: { objectId: string; upn?: string; displayName: string }
  amr: string[]
  extraIdClaims?: JWTPayload
  /** Claims both tokens carry, such as a computer's accounttype and on-premises identifiers. */
  extraClaims?: JWTPayload
  /** `scp` of the access token; `user_impersonation` unless the grant says otherwise. */
  scope?: string
}

/** Signs an RS256 JWT with the tenant's published key, `kid` in the header as Azure AD does. */
export async function signToken(tenant: Tenant, claims: JWTPayload): Promise<string> {
  const key = await tenant.signingKey()
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid })
    .sign(key.privateKey)
}

interface Lifetime {
  iat: number
  exp: number
}

function lifetime(tenant: Tenant): Lifetime {
  const iat = Math.floor(serviceNow(tenant, 'azure-ad') / 1000)
  return { iat, exp: iat + ONE_HOUR_SECONDS }
}

function v1Issuer(tenant: Tenant): string {
  return `https://sts.windows.net/${tenant.fixture.tenantId}/`
}

function who(tenant: Tenant, grant: TokenGrant) {
  return {
    oid: grant.subject.objectId,
    tid: tenant.fixture.tenantId,
    upn: grant.subject.upn,
    unique_name: grant.subject.upn,
    name: grant.subject.displayName,
  }
}

/**
 * The access token, v1 shape whichever endpoint issued it: the resources here (DRS, the Graphs,
 * ARM) accept v1 tokens, and Azure AD picks the token version by the resource, not the endpoint.
 */
function accessToken(tenant: Tenant, grant: TokenGrant, { iat, exp }: Lifetime): Promise<string> {
  return signToken(tenant, {
    aud: grant.resource,
    iss: v1Issuer(tenant),
    iat,
    nbf: iat,
    exp,
    amr: grant.amr,
    appid: grant.clientId,
    scp: grant.scope ?? 'user_impersonation',
    // Azure AD's unique token identifier: two tokens issued in the same second still differ.
    uti: base64url.encode(crypto.getRandomValues(new Uint8Array(16))),
    ver: '1.0',
    ...who(tenant, grant),
    ...grant.extraClaims,
  })
}

/** `foci: "1"` on answers to a family client, as Azure AD marks family refresh tokens. */
function familyMark(tenant: Tenant, clientId: string): { foci?: string } {
  return requireClient(tenant, clientId).family ? { foci: '1' } : {}
}

/** The v1 token endpoint's success body: access token for the resource plus an ID token. */
export async function issueTokens(tenant: Tenant, grant: TokenGrant): Promise<Record<string, string>> {
  const times = lifetime(tenant)
  const idToken = await signToken(tenant, {
    aud: grant.clientId,
    iss: v1Issuer(tenant),
    iat: times.iat,
    nbf: times.iat,
    exp: times.exp,
    amr: grant.amr,
    ver: '1.0',
    ...who(tenant, grant),
    ...grant.extraClaims,
    ...grant.extraIdClaims,
  })
  return {
    token_type: 'Bearer',
    scope: grant.scope ?? 'user_impersonation',
    expires_in: String(ONE_HOUR_SECONDS),
    ext_expires_in: String(ONE_HOUR_SECONDS),
    expires_on: String(times.exp),
    not_before: String(times.iat),
    resource: grant.resource,
    access_token: await accessToken(tenant, grant, times),
    refresh_token: await issueRefreshToken(tenant, grant),
    ...familyMark(tenant, grant.clientId),
    id_token: idToken,
  }
}

export interface V2Answer {
  /** The `scope` the answer reports: the resource scopes as asked plus the OpenID ones granted. */
  scope: string
  openid: boolean
  offlineAccess: boolean
  clientInfo: boolean
}

/**
 * The v2.0 token endpoint's success body [spec: Microsoft identity platform docs; field use
 * confirmed in msal-common ResponseHandler]: numeric `expires_in`/`ext_expires_in`, `scope`, a
 * refresh token only for `offline_access`, a v2 ID token only for `openid`, and `client_info`
 * (base64url `{"uid","utid"}`, from which MSAL builds the account's home ID) when asked.
 */
export async function issueTokensV2(tenant: Tenant, grant: TokenGrant, answer: V2Answer) {
  const times = lifetime(tenant)
  const { tenantId } = tenant.fixture
  return {
    token_type: 'Bearer',
    scope: answer.scope,
    expires_in: ONE_HOUR_SECONDS,
    ext_expires_in: ONE_HOUR_SECONDS,
    access_token: await accessToken(tenant, grant, times),
    ...(answer.offlineAccess ? { refresh_token: await issueRefreshToken(tenant, grant) } : {}),
    ...familyMark(tenant, grant.clientId),
    ...(answer.openid ? { id_token: await v2IdToken(tenant, grant, times) } : {}),
    ...(answer.clientInfo
      ? { client_info: base64url.encode(JSON.stringify({ uid: grant.subject.objectId, utid: tenantId })) }
      : {}),
  }
}

function v2IdToken(tenant: Tenant, grant: TokenGrant, { iat, exp }: Lifetime): Promise<string> {
  const { tenantId } = tenant.fixture
  return signToken(tenant, {
    aud: grant.clientId,
    iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp,
    name: grant.subject.displayName,
    oid: grant.subject.objectId,
    preferred_username: grant.subject.upn,
    sub: grant.subject.objectId,
    tid: tenantId,
    ver: '2.0',
    ...grant.extraIdClaims,
  })
}

/** Claims Azure AD adds to a user's ID token: the MDM terms-of-use URL when the tenant sets one. */
export function userIdClaims(tenant: Tenant): JWTPayload {
  const url = tenant.fixture.mdmTermsOfUseUrl
  return url ? { mdm_tou_url: url } : {}
}

export function subjectOf(user: UserFixture) {
  return { objectId: user.objectId, upn: user.upn, displayName: user.displayName }
}
