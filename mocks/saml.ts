import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { fromBase64, RSA_SHA256, toBase64 } from './x509.ts'

/**
 * SAML 1.1 assertions as AD FS issues them to Azure AD (relying party urn:federation:MicrosoftOnline).
 * The XML signature is simplified and says so: RSA-SHA256 over the assertion's exact bytes up to
 * the <ds:Signature> element, without XML canonicalisation. See docs/decisions/0004-saml-signature.md.
 */
export const MICROSOFT_ONLINE = 'urn:federation:MicrosoftOnline'
const SAML_NS = 'urn:oasis:names:tc:SAML:1.0:assertion'

export interface AssertionContent {
  issuer: string
  /** The relying party the assertion is for; Azure AD's (urn:federation:MicrosoftOnline) unless set. */
  audience?: string
  nameIdentifier: string
  authenticationMethod: string
  /** Attribute name (a claim type URI or a short name in its namespace) → values. */
  attributes: Array<{ name: string; namespace: string; values: string[] }>
  notBefore: number
  notOnOrAfter: number
  id: string
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true })
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => ['Attribute', 'AttributeValue'].includes(name),
})

export async function signAssertion(
  content: AssertionContent,
  key: { privateKey: CryptoKey; certificateBase64: string },
): Promise<string> {
  const unsigned = builder.build({ 'saml:Assertion': assertionBody(content) }) as string
  const cut = unsigned.lastIndexOf('</saml:Assertion>')
  const signedPart = unsigned.slice(0, cut)
  const signature = await crypto.subtle.sign(RSA_SHA256, key.privateKey, new TextEncoder().encode(signedPart))
  const signatureXml = builder.build({
    'ds:Signature': {
      '@xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
      'ds:SignedInfo': {
        'ds:SignatureMethod': { '@Algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' },
      },
      'ds:SignatureValue': toBase64(signature),
      'ds:KeyInfo': { 'ds:X509Data': { 'ds:X509Certificate': key.certificateBase64 } },
    },
  }) as string
  return `${signedPart}${signatureXml}</saml:Assertion>`
}

function assertionBody(content: AssertionContent) {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  const subject = {
    'saml:NameIdentifier': {
      '@Format': 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      '#text': content.nameIdentifier,
    },
    'saml:SubjectConfirmation': { 'saml:ConfirmationMethod': 'urn:oasis:names:tc:SAML:1.0:cm:bearer' },
  }
  return {
    '@xmlns:saml': SAML_NS,
    '@MajorVersion': '1',
    '@MinorVersion': '1',
    '@AssertionID': content.id,
    '@Issuer': content.issuer,
    '@IssueInstant': iso(content.notBefore),
    'saml:Conditions': {
      '@NotBefore': iso(content.notBefore),
      '@NotOnOrAfter': iso(content.notOnOrAfter),
      'saml:AudienceRestrictionCondition': { 'saml:Audience': content.audience ?? MICROSOFT_ONLINE },
    },
    'saml:AttributeStatement': {
      'saml:Subject': subject,
      'saml:Attribute': content.attributes.map((attribute) => ({
        '@AttributeName': attribute.name,
        '@AttributeNamespace': attribute.namespace,
        'saml:AttributeValue': attribute.values,
      })),
    },
    'saml:AuthenticationStatement': {
      '@AuthenticationMethod': content.authenticationMethod,
      '@AuthenticationInstant': iso(content.notBefore),
      'saml:Subject': subject,
    },
  }
}

export interface VerifiedAssertion {
  issuer: string
  audience: string
  notBefore: number
  notOnOrAfter: number
  nameIdentifier: string
  authenticationMethod: string
  /** Attribute values keyed by `namespace/name`. */
  attributes: Map<string, string[]>
}

/** Checks the signature with the trusted key, then reads the assertion. Returns null when it does not verify. */
export async function verifyAssertion(xml: string, trustedKey: CryptoKey): Promise<VerifiedAssertion | null> {
  const start = xml.lastIndexOf('<ds:Signature xmlns:ds=')
  const valueMatch = /<ds:SignatureValue>([A-Za-z0-9+/=]+)<\/ds:SignatureValue>/.exec(xml.slice(start))
  const signature = valueMatch?.[1] ? fromBase64(valueMatch[1]) : null
  if (start < 0 || !signature) return null
  const ok = await crypto.subtle.verify(
    RSA_SHA256,
    trustedKey,
    signature as BufferSource,
    new TextEncoder().encode(xml.slice(0, start)),
  )
  return ok ? readAssertion(xml) : null
}

function readAssertion(xml: string): VerifiedAssertion | null {
  const root = (parser.parse(xml) as { Assertion?: Record<string, any> }).Assertion
  if (!root) return null
  const statement = root.AttributeStatement ?? {}
  const attributes = new Map<string, string[]>()
  for (const attribute of statement.Attribute ?? []) {
    attributes.set(
      `${attribute['@AttributeNamespace']}/${attribute['@AttributeName']}`,
      (attribute.AttributeValue ?? []).map(String),
    )
  }
  const nameIdentifier = statement.Subject?.NameIdentifier
  return {
    issuer: String(root['@Issuer'] ?? ''),
    audience: String(root.Conditions?.AudienceRestrictionCondition?.Audience ?? ''),
    notBefore: Date.parse(root.Conditions?.['@NotBefore'] ?? ''),
    notOnOrAfter: Date.parse(root.Conditions?.['@NotOnOrAfter'] ?? ''),
    nameIdentifier: String(
      typeof nameIdentifier === 'object' ? nameIdentifier['#text'] : (nameIdentifier ?? ''),
    ),
    authenticationMethod: String(root.AuthenticationStatement?.['@AuthenticationMethod'] ?? ''),
    attributes,
  }
}
