import { CertificationRequest } from '@peculiar/asn1-csr'
import { RSAPublicKey } from '@peculiar/asn1-rsa'
import { AsnConvert } from '@peculiar/asn1-schema'
import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { base64url } from 'jose'
import { ProtocolError } from '../protocol-error.ts'
import { fromBase64, RSA_SHA256 } from '../x509.ts'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1'

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
  const key = await importRsaKey(info.subjectPKInfo)
  // Check the signature before anything else is created: a request signed by another key would
  // bind the certificate to a key the device does not hold.
  const signed = request.certificationRequestInfoRaw ?? AsnConvert.serialize(info)
  if (!(await crypto.subtle.verify(RSA_SHA256, key, request.signature, signed)))
    throw invalid('The certificate request signature does not match its public key.')
  if ((key.algorithm as RsaHashedKeyAlgorithm).modulusLength !== 2048)
    throw invalid('The certificate request key must be RSA 2048.')
  return { subjectPublicKeyInfo: new Uint8Array(AsnConvert.serialize(info.subjectPKInfo)) }
}

/**
 * The request's key as a WebCrypto RSA verification key. It is imported as a JWK from its modulus and
 * exponent rather than as the SPKI: Node hands an SPKI to OpenSSL 3's generic decoders, which cost
 * more than a signature (0.36 against 0.13 ms an import here). What the SPKI import refused is still
 * refused: another algorithm than rsaEncryption (an EC key), an RSAPublicKey that is not exactly one
 * DER structure, a negative, zero or over-long modulus or exponent. Parameters must be NULL or absent (RFC 3279 2.3.1).
 */
async function importRsaKey(spki: SubjectPublicKeyInfo): Promise<CryptoKey> {
  const { algorithm, parameters } = spki.algorithm
  if (algorithm !== RSA_ENCRYPTION || !(parameters == null || isDerNull(parameters))) throw notRsa2048()
  let rsa: RSAPublicKey
  try {
    rsa = AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey)
  } catch {
    throw notRsa2048()
  }
  if (!sameBytes(AsnConvert.serialize(rsa), spki.subjectPublicKey)) throw notRsa2048()
  const modulus = unsigned(rsa.modulus)
  const exponent = unsigned(rsa.publicExponent)
  if (!modulus || !exponent) throw notRsa2048()
  const jwk = { kty: 'RSA', n: base64url.encode(modulus), e: base64url.encode(exponent) }
  try {
    return await crypto.subtle.importKey('jwk', jwk, RSA_SHA256, false, ['verify'])
  } catch {
    throw notRsa2048()
  }
}

/**
 * A positive INTEGER's magnitude, without its sign byte; undefined for a negative or zero one, or
 * one not in its shortest form (a 00 before a byte under 0x80), which OpenSSL refuses ("illegal padding").
 */
function unsigned(integer: ArrayBuffer): Uint8Array | undefined {
  const bytes = new Uint8Array(integer)
  const [first = 0x80, second = 0] = bytes
  if (first >= 0x80) return undefined
  if (first !== 0) return bytes
  return second >= 0x80 ? bytes.subarray(1) : undefined
}

const isDerNull = (value: ArrayBuffer) => sameBytes(value, new Uint8Array([0x05, 0x00]).buffer)

function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  const left = new Uint8Array(a)
  const right = new Uint8Array(b)
  return left.length === right.length && left.every((byte, index) => byte === right[index])
}

const notRsa2048 = () => invalid('The certificate request key must be RSA 2048.')

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
  if (!sameBytes(AsnConvert.serialize(request), der.slice().buffer))
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
