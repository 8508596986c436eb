import { errors, jwtVerify, type JWTPayload } from 'jose'
import { ProtocolError } from '../protocol-error.ts'
import { serviceNow, type Tenant } from '../tenant.ts'
import {
  requirePublishedSigningKey,
  requireRegistrationClient,
  requireRegistrationScope,
  requireSingleAudience,
  requireTenantClaim,
} from './drs-token-claims.ts'

/**
 * Rules for a bearer token presented to DRS:
 * - an `Authorization: Bearer` header is present;
 * - its `kid` is Azure AD's published key, the JWT is RS256 and its signature verifies with it;
 * - `iss` is this tenant's v1 issuer, `aud` is exactly the DRS resource, `tid` is this tenant;
 * - `exp` is present, and `nbf`/`exp` hold on DRS's clock (the run's, moved by the fixture's
 *   `drsClockSkewMinutes`), with five minutes of tolerance: Microsoft.IdentityModel's default clock skew;
 * - `appid` is a client allowed to register devices and `scp` grants registration.
 */
export async function requireDrsAccessToken(
  request: Request,
  tenant: Tenant,
  audience: string,
): Promise<JWTPayload> {
  const token = bearerOf(request)
  const key = await tenant.signingKey()
  requirePublishedSigningKey(token, key.kid)
  let claims: JWTPayload
  try {
    ;({ payload: claims } = await jwtVerify(token, key.publicKey, {
      algorithms: ['RS256'],
      issuer: `https://sts.windows.net/${tenant.fixture.tenantId}/`,
      audience,
      requiredClaims: ['exp'],
      currentDate: new Date(serviceNow(tenant, 'drs')),
      clockTolerance: 300,
    }))
  } catch (error) {
    throw new ProtocolError('drs', 401, 'AuthenticationError', tokenProblem(error, audience))
  }
  requireSingleAudience(claims, audience)
  requireTenantClaim(claims, tenant.fixture.tenantId)
  requireRegistrationClient(claims)
  requireRegistrationScope(claims)
  return claims
}

function bearerOf(request: Request): string {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match?.[1]) {
    throw new ProtocolError('drs', 401, 'AuthenticationError', 'The request carries no bearer access token.')
  }
  return match[1]
}

function tokenProblem(error: unknown, audience: string): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired.'
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is invalid.'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return 'The access token has no expiry ("exp").'
    if (error.claim === 'aud') return `The access token audience is not "${audience}".`
    return `The access token claim "${error.claim}" is invalid.`
  }
  return 'The access token is malformed.'
}
