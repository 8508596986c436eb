import { x509 } from '../../device/x509.ts'
import { toHex } from '../../device/encoding.ts'
import { describeMicrosoftExtension, MICROSOFT_EXTENSIONS } from './microsoft-extensions.ts'
import { describeKey, type KeySummary } from './public-key.ts'

interface ExtensionSummary {
  oid: string
  name: string
  critical: boolean
  value: string
}

export interface CertificateSummary {
  subject: string
  issuer: string
  notBefore: string
  notAfter: string
  serialNumber: string
  thumbprintSha1: string
  key: KeySummary
  signatureAlgorithm: string
  extensions: ExtensionSummary[]
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
}

/** A certificate (PEM, base64 or DER) as the inspector shows it, Microsoft's extensions named. */
export async function decodeCertificate(input: string | Uint8Array): Promise<CertificateSummary> {
  const certificate = new x509.X509Certificate(input as string)
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    serialNumber: certificate.serialNumber.toUpperCase(),
    thumbprintSha1: toHex(await certificate.getThumbprint('SHA-1')),
    key: describeKey(certificate.publicKey.rawData),
    signatureAlgorithm: algorithmName(certificate.signatureAlgorithm),
    extensions: certificate.extensions.map(describeExtension),
  }
}

export function algorithmName(algorithm: Algorithm & { hash?: Algorithm }): string {
  return algorithm.hash ? `${algorithm.name} with ${algorithm.hash.name}` : algorithm.name
}

function describeExtension(extension: x509.Extension): ExtensionSummary {
  const base = { oid: extension.type, critical: extension.critical }
  const microsoft = describeMicrosoftExtension(extension.type, extension.value)
  if (microsoft !== undefined)
    return { ...base, name: MICROSOFT_EXTENSIONS[extension.type]!.name, value: microsoft }
  if (extension instanceof x509.BasicConstraintsExtension)
    return { ...base, name: 'Basic Constraints', value: `CA=${extension.ca}` }
  if (extension instanceof x509.ExtendedKeyUsageExtension) {
    return {
      ...base,
      name: 'Extended Key Usage',
      value: extension.usages.map((usage) => EKU_NAMES[String(usage)] ?? String(usage)).join(', '),
    }
  }
  if (extension instanceof x509.KeyUsagesExtension)
    return { ...base, name: 'Key Usage', value: `0x${extension.usages.toString(16)}` }
  if (extension instanceof x509.SubjectKeyIdentifierExtension)
    return { ...base, name: 'Subject Key Identifier', value: extension.keyId.toUpperCase() }
  return { ...base, name: 'Extension', value: toHex(extension.value) }
}
