import { RSA_SHA256, toBase64, x509 } from './x509.ts'

/** Azure AD's token-signing key, published in the JWKS with its certificate. */
export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  /** The JWKS entry: kty, use, kid, x5t, n, e, x5c. */
  jwk: Record<string, unknown>
}

/** A token-signing key with a self-signed certificate; Azure AD's by default, AD FS's with its own name. */
export async function createSigningKey(
  now: number,
  subject = 'CN=accounts.accesscontrol.windows.net',
): Promise<SigningKey> {
  const keys = await crypto.subtle.generateKey(RSA_SHA256, true, ['sign', 'verify'])
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: subject,
    notBefore: new Date(now - 24 * 3600_000),
    notAfter: new Date(now + 5 * 365 * 24 * 3600_000),
    keys,
    signingAlgorithm: RSA_SHA256,
  })
  // Azure AD's kid and x5t are the same value: the base64url SHA-1 thumbprint of the certificate.
  const thumbprint = await crypto.subtle.digest('SHA-1', certificate.rawData)
  const kid = toBase64(thumbprint).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  const { n, e } = await crypto.subtle.exportKey('jwk', keys.publicKey)
  return {
    kid,
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    jwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, x5c: [toBase64(certificate.rawData)] },
  }
}
