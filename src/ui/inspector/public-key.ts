import { AsnConvert } from '@peculiar/asn1-schema'
import { RSAPublicKey } from '@peculiar/asn1-rsa'
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'

export interface KeySummary {
  algorithm: string
  /** Modulus length in bits, for RSA keys. */
  size?: number
}

const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.10045.2.1': 'EC',
}

/** The algorithm and size of a DER SubjectPublicKeyInfo. */
export function describeKey(spki: ArrayBuffer): KeySummary {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo)
  const oid = info.algorithm.algorithm
  const algorithm = KEY_ALGORITHMS[oid] ?? oid
  if (algorithm !== 'RSA') return { algorithm }
  const modulus = new Uint8Array(AsnConvert.parse(info.subjectPublicKey, RSAPublicKey).modulus)
  // DER keeps a leading zero byte when the top bit is set: it is not part of the size.
  const significant = modulus[0] === 0 ? modulus.length - 1 : modulus.length
  return { algorithm, size: significant * 8 }
}
