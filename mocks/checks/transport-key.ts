import { ProtocolError } from '../protocol-error.ts'
import { fromBase64 } from '../x509.ts'

const BCRYPT_RSAPUBLIC_MAGIC = 0x31415352 // "RSA1"

/**
 * Rules for `TransportKey`, a BCRYPT_RSAKEY_BLOB holding tkpub:
 * - base64 of a little-endian header (Magic, BitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2);
 * - Magic is RSA1 (a public key), the key is 2048 bits, no primes are present;
 * - the blob is exactly as long as its header says.
 */
export function requireTransportKey(value: unknown): { bitLength: number; modulus: Uint8Array } {
  const bytes = typeof value === 'string' ? fromBase64(value) : null
  if (!bytes || bytes.length < 24) throw invalid('"TransportKey" is not a base64 BCRYPT_RSAKEY_BLOB.')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const [magic, bitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2] = [0, 4, 8, 12, 16, 20].map((offset) =>
    view.getUint32(offset, true),
  ) as [number, number, number, number, number, number]
  if (magic !== BCRYPT_RSAPUBLIC_MAGIC)
    throw invalid('"TransportKey" is not an RSA public key blob (magic is not RSA1).')
  if (cbPrime1 !== 0 || cbPrime2 !== 0) throw invalid('"TransportKey" must not carry the private primes.')
  if (bitLength !== 2048 || cbModulus !== 256) throw invalid('"TransportKey" must be an RSA 2048 key.')
  if (bytes.length !== 24 + cbPublicExp + cbModulus)
    throw invalid('"TransportKey" length does not match its header.')
  return { bitLength, modulus: bytes.slice(24 + cbPublicExp) }
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('drs', 400, 'InvalidTransportKey', message)
}
