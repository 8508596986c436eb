import { AsnConvert } from '@peculiar/asn1-schema'
import {
  AlgorithmIdentifier,
  Certificate,
  Name,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import { toBase64, toPem } from './encoding.ts'
import type { DeviceKeyPair } from './keys/key-provider.ts'
import { x509 } from './x509.ts'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const TEN_YEARS_MS = 3650 * 24 * 3600_000

/**
 * The hybrid join's first credential: a certificate the computer signs for itself, subject and
 * issuer both `CN=<objectGUID>`, RSA-2048, SHA-256, ten years. Signed by the key provider, so the
 * key may stay non-extractable. @see protocol.md "Hybrid join (HAADJ) specifics"
 */
export async function buildSelfSignedCertificate(
  key: DeviceKeyPair,
  objectGuid: string,
  now: number,
): Promise<{ base64: string; pem: string }> {
  const name = AsnConvert.parse(new x509.Name(`CN=${objectGuid}`).toArrayBuffer(), Name)
  const algorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null })
  const serial = positiveSerial(crypto.getRandomValues(new Uint8Array(16)))
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer,
    signature: algorithm,
    issuer: name,
    subject: name,
    validity: new Validity({ notBefore: new Date(now), notAfter: new Date(now + TEN_YEARS_MS) }),
    subjectPublicKeyInfo: AsnConvert.parse(key.publicKeySpki, SubjectPublicKeyInfo),
  })
  const signature = await key.sign(new Uint8Array(AsnConvert.serialize(tbs)))
  const der = new Uint8Array(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate: tbs,
        signatureAlgorithm: algorithm,
        signatureValue: signature.slice().buffer,
      }),
    ),
  )
  return { base64: toBase64(der), pem: toPem('CERTIFICATE', der) }
}

/**
 * Random bytes as a positive DER INTEGER in its shortest form: the first byte kept within 0x01 to
 * 0x7f. Only clearing the top bit left a first byte of 0x00 one time in 128, and a 0x00 before a byte
 * under 0x80 is padding X.690 8.3.2 forbids: OpenSSL then refused the certificate as a TLS client
 * certificate ("illegal padding"), about one join in 256.
 */
function positiveSerial(random: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  random[0] = ((random[0] ?? 0) % 0x7f) + 1
  return random
}
