import { RSA_SHA256, x509 } from './x509.ts'

/**
 * The MS-Organization-Access CA that signs device certificates. Its name is one multi-valued RDN,
 * DC=net + DC=windows + CN=MS-Organization-Access + OU=<GUID>, as certutil shows the real one.
 */
export interface DeviceCa {
  certificate: x509.X509Certificate
  privateKey: CryptoKey
  pem: string
}

const DEVICE_CA_OU = '82dbaca4-3e81-46ca-9c73-0950c1eaca97'

function deviceCaName(): x509.Name {
  return new x509.Name([{ DC: ['net', 'windows'], CN: ['MS-Organization-Access'], OU: [DEVICE_CA_OU] }])
}

export async function createDeviceCa(now: number): Promise<DeviceCa> {
  const keys = await crypto.subtle.generateKey(RSA_SHA256, false, ['sign', 'verify'])
  const name = deviceCaName()
  const certificate = await x509.X509CertificateGenerator.create({
    subject: name,
    issuer: name,
    notBefore: new Date(now - 24 * 3600_000),
    notAfter: new Date(now + 20 * 365 * 24 * 3600_000),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: RSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return { certificate, privateKey: keys.privateKey, pem: certificate.toString('pem') }
}
