import { ProtocolError } from '../protocol-error.ts'
import { fromBase64, x509 } from '../x509.ts'

/**
 * Rules for `CertificateRequest`:
 * - `Type` is "pkcs10" and `Data` is base64 DER of a PKCS#10 request;
 * - the request's signature verifies with the public key it carries (proof the device holds dkpriv);
 * - that key is RSA-2048 and the signature is sha256WithRSAEncryption.
 */
export async function requireCertificateRequest(value: unknown): Promise<x509.Pkcs10CertificateRequest> {
  const { Type, Data } = (value ?? {}) as { Type?: unknown; Data?: unknown }
  if (Type !== 'pkcs10' || typeof Data !== 'string') {
    throw invalid('"CertificateRequest" must be { "Type": "pkcs10", "Data": "<base64 DER>" }.')
  }
  const der = fromBase64(Data)
  if (!der) throw invalid('"CertificateRequest.Data" is not base64.')
  let csr: x509.Pkcs10CertificateRequest
  try {
    csr = new x509.Pkcs10CertificateRequest(der.slice().buffer as ArrayBuffer)
  } catch {
    throw invalid('"CertificateRequest.Data" is not a PKCS#10 certificate request.')
  }
  // Check the signature before anything else is created: a request signed by another key would
  // bind the certificate to a key the device does not hold.
  if (!(await csr.verify())) throw invalid('The certificate request signature does not match its public key.')
  const algorithm = csr.publicKey.algorithm as RsaHashedKeyAlgorithm
  if (algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.modulusLength !== 2048) {
    throw invalid('The certificate request key must be RSA 2048.')
  }
  return csr
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('drs', 400, 'InvalidCertificateRequest', message)
}
