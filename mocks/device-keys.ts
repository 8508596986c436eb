import { base64url } from 'jose'
import { fromBase64 } from './x509.ts'

/**
 * The device's transport key (tkpub) as DRS stored it at registration, as a key Azure AD can
 * wrap a secret to: RSA-OAEP with SHA-1, as roadtx unwraps the PRT session key [clients: ROADtools
 * deviceauth.py decrypt_jwe_with_transport_key]. Windows sends a BCRYPT_RSAKEY_BLOB; macOS and
 * Android a base64 JSON JWK with standard-base64 `n` and `e` [clients: roadtx register_device].
 */
export async function transportWrappingKey(stored: string): Promise<CryptoKey> {
  const { n, e } = rsaNumbers(stored)
  return crypto.subtle.importKey(
    'jwk',
    { kty: 'RSA', n: base64url.encode(n), e: base64url.encode(e), alg: 'RSA-OAEP', ext: true },
    { name: 'RSA-OAEP', hash: 'SHA-1' },
    true,
    ['encrypt'],
  )
}

/** Modulus and exponent of a BCRYPT_RSAKEY_BLOB or a base64 JSON JWK. */
export function rsaNumbers(stored: string): { n: Uint8Array; e: Uint8Array } {
  const bytes = fromBase64(stored)
  if (!bytes) throw new Error('the transport key is not base64')
  if (bytes[0] === 0x7b /* { */) {
    const jwk = JSON.parse(new TextDecoder().decode(bytes)) as { n?: string; e?: string }
    const n = fromBase64(jwk.n ?? '')
    const e = fromBase64(jwk.e ?? '')
    if (!n || !e) throw new Error('the transport key JWK has no n or e in base64')
    return { n, e }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const exponentLength = view.getUint32(8, true)
  const modulusLength = view.getUint32(12, true)
  return {
    e: bytes.slice(24, 24 + exponentLength),
    n: bytes.slice(24 + exponentLength, 24 + exponentLength + modulusLength),
  }
}
