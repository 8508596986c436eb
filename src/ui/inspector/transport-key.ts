import { fromBase64, toHex } from '../../device/encoding.ts'

/** "RSA1" read as a little-endian word: BCRYPT_RSAPUBLIC_MAGIC. */
const BCRYPT_RSAPUBLIC_MAGIC = 0x31415352
const HEADER_BYTES = 24

/** The fields of a BCRYPT_RSAKEY_BLOB, as DRS reads the `TransportKey`. */
export interface TransportKeyBlob {
  magic: string
  bitLength: number
  cbPublicExp: number
  cbModulus: number
  cbPrime1: number
  cbPrime2: number
  exponent: string
  modulusPrefix: string
}

export function isTransportKeyBlob(bytes: Uint8Array): boolean {
  return (
    bytes.length > HEADER_BYTES &&
    new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) === BCRYPT_RSAPUBLIC_MAGIC
  )
}

/**
 * Six little-endian words, then the exponent and the modulus big-endian.
 * @see protocol.md "F. Keys and the certificate request"
 */
export function decodeTransportKey(base64: string): TransportKeyBlob {
  const bytes = fromBase64(base64)
  if (!isTransportKeyBlob(bytes))
    throw new Error('"TransportKey" is not a BCRYPT_RSAKEY_BLOB (no RSA1 magic)')
  const view = new DataView(bytes.buffer, bytes.byteOffset)
  const [magic, bitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2] = [0, 1, 2, 3, 4, 5].map((word) =>
    view.getUint32(word * 4, true),
  ) as [number, number, number, number, number, number]
  const exponent = bytes.subarray(HEADER_BYTES, HEADER_BYTES + cbPublicExp)
  const modulus = bytes.subarray(HEADER_BYTES + cbPublicExp, HEADER_BYTES + cbPublicExp + cbModulus)
  return {
    magic: `0x${magic.toString(16).toUpperCase()} (RSA1, BCRYPT_RSAPUBLIC_MAGIC)`,
    bitLength,
    cbPublicExp,
    cbModulus,
    cbPrime1,
    cbPrime2,
    exponent: `${[...exponent].reduce((value, byte) => value * 256 + byte, 0)} (0x${toHex(exponent)})`,
    modulusPrefix: `${toHex(modulus.subarray(0, 16))}…`,
  }
}
