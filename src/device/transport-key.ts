import { AsnConvert } from '@peculiar/asn1-schema'
import { RSAPublicKey } from '@peculiar/asn1-rsa'
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { toBase64 } from './encoding.ts'

const BCRYPT_RSAPUBLIC_MAGIC = 0x31415352 // the bytes "RSA1"

/**
 * tkpub as a BCRYPT_RSAKEY_BLOB, the form DRS expects in `TransportKey`: six little-endian
 * 32-bit words (Magic, BitLength, cbPublicExp, cbModulus, cbPrime1 = 0, cbPrime2 = 0), then the
 * exponent and modulus big-endian. @see protocol.md "F. Keys and the certificate request"
 */
export function toBcryptRsaPublicBlob(spki: Uint8Array): Uint8Array {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo)
  const key = AsnConvert.parse(info.subjectPublicKey, RSAPublicKey)
  const modulus = stripLeadingZeros(new Uint8Array(key.modulus))
  const exponent = stripLeadingZeros(new Uint8Array(key.publicExponent))
  const blob = new Uint8Array(24 + exponent.length + modulus.length)
  const header = new DataView(blob.buffer)
  const words = [BCRYPT_RSAPUBLIC_MAGIC, modulus.length * 8, exponent.length, modulus.length, 0, 0]
  words.forEach((word, index) => header.setUint32(index * 4, word, true))
  blob.set(exponent, 24)
  blob.set(modulus, 24 + exponent.length)
  return blob
}

export function transportKeyBase64(spki: Uint8Array): string {
  return toBase64(toBcryptRsaPublicBlob(spki))
}

// DER integers carry a leading zero when the top bit is set; the blob holds the bare magnitude.
function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  return bytes.subarray(start)
}
