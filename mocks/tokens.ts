import { SignJWT, type JWTPayload } from 'jose'
import type { UserFixture } from './fixtures/tenant.ts'
import type { Tenant } from './tenant.ts'
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
}

/** Signs an RS256 JWT with the tenant's published key, `kid` in the header as Azure AD does. */
export async function signToken(tenant: Tenant, claims: JWTPayload): Promise<string> {
  const key = await tenant.signingKey()
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid })
    .sign(key.privateKey)
}

/** The v1 token endpoint's success body: access token for the resource plus an ID token. */
export async function issueTokens(tenant: Tenant, grant: TokenGrant): Promise<Record<string, string>> {
  const { tenantId } = tenant.fixture
  const iat = Math.floor(tenant.deps.now() / 1000)
  const exp = iat + ONE_HOUR_SECONDS
  const issuer = `https://sts.windows.net/${tenantId}/`
  const who = {
    oid: grant.subject.objectId,
    tid: tenantId,
    upn: grant.subject.upn,
    unique_name: grant.subject.upn,
    name: grant.subject.displayName,
  }
  const accessToken = await signToken(tenant, {
    aud: grant.resource,
    iss: issuer,
    iat,
    nbf: iat,
    exp,
    amr: grant.amr,
    appid: grant.clientId,
    scp: 'user_impersonation',
    ver: '1.0',
    ...who,
    ...grant.extraClaims,
  })
  const idToken = await signToken(tenant, {
    aud: grant.clientId,
    iss: issuer,
    iat,
    nbf: iat,
    exp,
    amr: grant.amr,
    ver: '1.0',
    ...who,
    ...grant.extraClaims,
    ...grant.extraIdClaims,
  })
  return {
    token_type: 'Bearer',
    scope: 'user_impersonation',
    expires_in: String(ONE_HOUR_SECONDS),
    ext_expires_in: String(ONE_HOUR_SECONDS),
    expires_on: String(exp),
    not_before: String(iat),
    resource: grant.resource,
    access_token: accessToken,
    refresh_token: `0.emulated.${tenant.deps.newId()}`,
    id_token: idToken,
  }
}

/** Claims Azure AD adds to a user's ID token: the MDM terms-of-use URL when the tenant sets one. */
export function userIdClaims(tenant: Tenant): JWTPayload {
  const url = tenant.fixture.mdmTermsOfUseUrl
  return url ? { mdm_tou_url: url } : {}
}

export function subjectOf(user: UserFixture) {
  return { objectId: user.objectId, upn: user.upn, displayName: user.displayName }
}
