import { ProtocolError } from '../protocol-error.ts'
import { fromBase64 } from '../x509.ts'

const BCRYPT_RSAPUBLIC_MAGIC = 0x31415352 // "RSA1"

/**
 * Rules for `TransportKey`, a BCRYPT_RSAKEY_BLOB holding tkpub:
 * - base64 of a little-endian header (Magic, BitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2);
 * - Magic is RSA1 (a public key), the key is 2048 bits, no primes are present;
 * - the blob is exactly as long as its header says;
 * - the values make an RSA public key: an odd exponent from 3 to 2^32-1 and an odd modulus of
 *   exactly 2048 bits (so never zero).
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
  const modulus = bytes.slice(24 + cbPublicExp)
  requireRsaPublicValues(bytes.subarray(24, 24 + cbPublicExp), modulus)
  return { bitLength, modulus }
}

/** Big-endian exponent and modulus that an RSA public key can have; the header only promised sizes. */
function requireRsaPublicValues(exponent: Uint8Array, modulus: Uint8Array): void {
  const e = exponent.reduce((value, byte) => value * 256n + BigInt(byte), 0n)
  if (e < 3n || e >= 2n ** 32n || e % 2n === 0n)
    throw invalid(
      '"TransportKey" is not a valid RSA public key: the public exponent is not an odd number from 3 to 2^32-1.',
    )
  // A product of two odd primes is odd; a 2048-bit modulus has its top bit set.
  if (modulus.length !== 256 || ((modulus[0] ?? 0) & 0x80) === 0 || ((modulus[255] ?? 0) & 1) === 0)
    throw invalid('"TransportKey" is not a valid RSA public key: the modulus is not a 2048-bit odd number.')
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('drs', 400, 'InvalidTransportKey', message)
}
