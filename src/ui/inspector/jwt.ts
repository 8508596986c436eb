import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, importX509, type JWK } from 'jose'
import { REDACTED } from '../../trace/redact.ts'

/** Whether a token's signature was checked against the trace's own JWKS exchange, and how it came out. */
type SignatureCheck = 'verified' | 'invalid' | 'not checked'

export interface DecodedJwt {
  header: Record<string, unknown>
  claims: Record<string, unknown>
  signature: SignatureCheck
  /** Why the signature is `invalid` or `not checked`, in a sentence. */
  reason?: string
}

export interface Jwks {
  keys: JWK[]
}

/** Three base64url parts, the first a JSON header (`eyJ` is `{"`). */
const JWT_PATTERN = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/

export function isJwt(value: string): boolean {
  return JWT_PATTERN.test(value)
}

/**
 * Decodes a token and checks its signature with the key its `kid` names in the JWKS, when the
 * trace fetched one. A trace without a JWKS exchange gives no basis to check: "not checked".
 */
export async function decodeToken(token: string, jwks?: Jwks): Promise<DecodedJwt> {
  const header = decodeProtectedHeader(token) as Record<string, unknown>
  const claims = decodeJwt(token) as Record<string, unknown>
  // A device's signed request (a PRT request) carries its certificate instead of naming a key.
  if (header.x5c !== undefined && header.kid === undefined) return checkWithX5c(token, header, claims)
  if (!jwks)
    return {
      header,
      claims,
      signature: 'not checked',
      reason: 'The trace has no /common/discovery/keys exchange to check against.',
    }
  const jwk = jwks.keys.find((key) => key.kid === header.kid)
  if (!jwk)
    return {
      header,
      claims,
      signature: 'invalid',
      reason: `No key with "kid" ${String(header.kid)} in the JWKS.`,
    }
  try {
    const key = await importJWK(jwk, String(header.alg ?? jwk.alg ?? 'RS256'))
    await compactVerify(token, key)
    return { header, claims, signature: 'verified' }
  } catch (error) {
    return {
      header,
      claims,
      signature: 'invalid',
      reason: error instanceof Error ? error.message : String(error),
    }
  }
}

async function checkWithX5c(
  token: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): Promise<DecodedJwt> {
  const der = Array.isArray(header.x5c) ? header.x5c[0] : header.x5c
  try {
    const pem = `-----BEGIN CERTIFICATE-----\n${String(der)}\n-----END CERTIFICATE-----`
    await compactVerify(token, await importX509(pem, String(header.alg ?? 'RS256')))
    return {
      header,
      claims,
      signature: 'verified',
      reason: 'Checked with the certificate in its x5c header.',
    }
  } catch (error) {
    const redacted = Object.values(claims).includes(REDACTED)
    return {
      header,
      claims,
      signature: redacted ? 'not checked' : 'invalid',
      reason: redacted
        ? 'The trace blanked a secret in its claims, so the signature no longer covers what is shown.'
        : `It does not verify with the certificate in its x5c header: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}
