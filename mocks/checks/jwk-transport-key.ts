import { ProtocolError } from '../protocol-error.ts'
import { fromBase64 } from '../x509.ts'

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi']

/** A `TransportKey` that is base64 of a JSON object: the JWK form macOS and Android send. */
export function isJwkTransportKey(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('ey')
}

/**
 * Rules for a JWK `TransportKey` [clients: roadtx register_device, macOS and Android]: base64 of a
 * JSON object with `kty` RSA, `n` and `e` in standard base64 (not base64url, unlike RFC 7517), a
 * 2048-bit modulus, and no private members.
 */
export function requireJwkTransportKey(value: unknown): { bitLength: number; modulus: Uint8Array } {
  const bytes = typeof value === 'string' ? fromBase64(value) : null
  let jwk: Record<string, unknown> | undefined
  try {
    jwk = bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>) : undefined
  } catch {
    jwk = undefined
  }
  if (!jwk || typeof jwk !== 'object')
    throw invalid('"TransportKey" is neither a BCRYPT_RSAKEY_BLOB nor a JWK.')
  if (jwk.kty !== 'RSA') throw invalid(`"TransportKey" JWK kty '${String(jwk.kty)}' is not RSA.`)
  if (PRIVATE_MEMBERS.some((member) => member in jwk))
    throw invalid('"TransportKey" must not carry the private key.')
  const modulus = typeof jwk.n === 'string' ? fromBase64(jwk.n) : null
  const exponent = typeof jwk.e === 'string' ? fromBase64(jwk.e) : null
  if (!modulus || !exponent || exponent.length === 0)
    throw invalid('"TransportKey" JWK n and e must be standard base64.')
  if (modulus.length !== 256) throw invalid('"TransportKey" must be an RSA 2048 key.')
  return { bitLength: 2048, modulus }
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('drs', 400, 'InvalidTransportKey', message)
}
