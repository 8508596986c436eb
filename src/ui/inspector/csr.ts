import { x509 } from '../../device/x509.ts'
import { algorithmName } from './certificate.ts'
import { describeKey, type KeySummary } from './public-key.ts'

export interface CsrSummary {
  subject: string
  key: KeySummary
  signatureAlgorithm: string
  /** The request's self-signature, checked with the public key it carries. */
  signatureValid: boolean
}

/** A PKCS#10 request (PEM, base64 or DER) as the inspector shows it. */
export async function decodeCsr(input: string | Uint8Array): Promise<CsrSummary> {
  const request = new x509.Pkcs10CertificateRequest(input as string)
  return {
    subject: request.subject,
    key: describeKey(request.publicKey.rawData),
    signatureAlgorithm: algorithmName(request.signatureAlgorithm),
    signatureValid: await request.verify(),
  }
}
