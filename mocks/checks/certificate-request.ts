import { CertificationRequest } from '@peculiar/asn1-csr'
import { AsnConvert } from '@peculiar/asn1-schema'
import { ProtocolError } from '../protocol-error.ts'
import { fromBase64, RSA_SHA256 } from '../x509.ts'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'

/**
 * Rules for `CertificateRequest`:
 * - `Type` is "pkcs10" and `Data` is base64 of exactly one DER-encoded PKCS#10 request, nothing after it;
 * - it is signed with sha256WithRSAEncryption (protocol.md F: "PKCS#10, SHA256withRSA"), and the
 *   signature verifies with the public key it carries (proof the device holds dkpriv);
 * - that key is RSA-2048.
 * @returns the request's key, its SubjectPublicKeyInfo in DER (the bytes the request carries)
 */
export async function requireCertificateRequest(
  value: unknown,
): Promise<{ subjectPublicKeyInfo: Uint8Array<ArrayBuffer> }> {
  const { Type, Data } = (value ?? {}) as { Type?: unknown; Data?: unknown }
  if (Type !== 'pkcs10' || typeof Data !== 'string') {
    throw invalid('"CertificateRequest" must be { "Type": "pkcs10", "Data": "<base64 DER>" }.')
  }
  const der = fromBase64(Data)
  if (!der) throw invalid('"CertificateRequest.Data" is not base64.')
  // Parsed once: the same structure gives the signed bytes, the signature and the key (a second
  // parse through @peculiar/x509's request object cost about 1.5 ms a join).
  const request = requireExactDer(der)
  requireSha256WithRsa(request)
  const info = request.certificationRequestInfo
  const subjectPublicKeyInfo = new Uint8Array(AsnConvert.serialize(info.subjectPKInfo))
  const key = await importRsaKey(subjectPublicKeyInfo)
  // Check the signature before anything else is created: a request signed by another key would
  // bind the certificate to a key the device does not hold.
  const signed = request.certificationRequestInfoRaw ?? AsnConvert.serialize(info)
  if (!(await crypto.subtle.verify(RSA_SHA256, key, request.signature, signed)))
    throw invalid('The certificate request signature does not match its public key.')
  if ((key.algorithm as RsaHashedKeyAlgorithm).modulusLength !== 2048)
    throw invalid('The certificate request key must be RSA 2048.')
  return { subjectPublicKeyInfo }
}

// Any key WebCrypto cannot take as an RSA signing key (an EC key, a malformed one) is not RSA 2048.
async function importRsaKey(spki: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('spki', spki, RSA_SHA256, false, ['verify'])
  } catch {
    throw invalid('The certificate request key must be RSA 2048.')
  }
}

/**
 * The bytes are one request in DER and nothing else: decoded and encoded again they come back
 * identical, so trailing bytes, a second request or a BER-only encoding are all refused.
 */
function requireExactDer(der: Uint8Array): CertificationRequest {
  let request: CertificationRequest
  try {
    request = AsnConvert.parse(der, CertificationRequest)
  } catch {
    throw invalid('"CertificateRequest.Data" is not a PKCS#10 certificate request.')
  }
  const again = new Uint8Array(AsnConvert.serialize(request))
  if (again.length !== der.length || again.some((byte, index) => byte !== der[index]))
    throw invalid('"CertificateRequest.Data" is not exactly one DER-encoded PKCS#10 request.')
  return request
}

/** SHA-256 only: a sha1WithRSA (or any other) signature is refused before it is even verified. */
function requireSha256WithRsa(request: CertificationRequest): void {
  if (request.signatureAlgorithm.algorithm !== SHA256_WITH_RSA)
    throw invalid('The certificate request must be signed with sha256WithRSAEncryption.')
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('drs', 400, 'InvalidCertificateRequest', message)
}
