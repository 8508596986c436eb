import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr'
import { AsnConvert } from '@peculiar/asn1-schema'
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { toBase64, toPem } from './encoding.ts'
import type { DeviceKeyPair } from './keys/key-provider.ts'
import { x509 } from './x509.ts'

/** DRS ignores the requested subject and names the certificate after the device ID it creates. */
export const CSR_SUBJECT = 'CN=7E980AD9-B86D-4306-9425-9AC066FB014A'
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'

export interface CertificateRequest {
  der: Uint8Array
  base64: string
  pem: string
}

/**
 * Builds the PKCS#10 request for dkpub and signs it with dkpriv. The signature is made by the key
 * provider, so a non-extractable (TPM-style) key signs without ever leaving it.
 * @see seed phase F; protocol.md "F. Keys and the certificate request"
 */
export async function buildCertificateRequest(deviceKey: DeviceKeyPair): Promise<CertificateRequest> {
  const info = new CertificationRequestInfo({
    subject: AsnConvert.parse(new x509.Name(CSR_SUBJECT).toArrayBuffer(), Name),
    subjectPKInfo: AsnConvert.parse(deviceKey.publicKeySpki, SubjectPublicKeyInfo),
  })
  const signature = await deviceKey.sign(new Uint8Array(AsnConvert.serialize(info)))
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }),
    signature: signature.buffer.slice(
      signature.byteOffset,
      signature.byteOffset + signature.byteLength,
    ) as ArrayBuffer,
  })
  const der = new Uint8Array(AsnConvert.serialize(request))
  return { der, base64: toBase64(der), pem: toPem('CERTIFICATE REQUEST', der) }
}
