import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose'

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
