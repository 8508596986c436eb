import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { MICROSOFT_ONLINE, type AssertionContent, type VerifiedAssertion } from './saml.ts'
import { fromBase64, RSA_SHA256, toBase64 } from './x509.ts'

/**
 * SAML 2.0 assertions, which AD FS issues when a WS-Trust request asks for that token type (a
 * client then redeems it with the saml2-bearer grant). The signature sits after <saml:Issuer> as
 * the schema orders it, and covers the assertion's exact bytes without it (the enveloped-signature
 * idea, without XML canonicalisation: the simplification docs/decisions/0004-saml-signature.md
 * records for SAML 1.1).
 */
export const SAML2_NS = 'urn:oasis:names:tc:SAML:2.0:assertion'

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true })
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Attribute', 'AttributeValue'].includes(name),
})
const SIGNATURE =
  /<ds:Signature xmlns:ds="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#">[\s\S]*?<\/ds:Signature>/

export async function signAssertion2(
  content: AssertionContent,
  key: { privateKey: CryptoKey; certificateBase64: string },
): Promise<string> {
  const unsigned = builder.build({ 'saml:Assertion': assertionBody(content) }) as string
  const signature = await crypto.subtle.sign(RSA_SHA256, key.privateKey, new TextEncoder().encode(unsigned))
  const signatureXml = builder.build({
    'ds:Signature': {
      '@xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
      'ds:SignedInfo': {
        'ds:SignatureMethod': { '@Algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' },
        'ds:Reference': { '@URI': `#${content.id}` },
      },
      'ds:SignatureValue': toBase64(signature),
      'ds:KeyInfo': { 'ds:X509Data': { 'ds:X509Certificate': key.certificateBase64 } },
    },
  }) as string
  const afterIssuer = unsigned.indexOf('</saml:Issuer>') + '</saml:Issuer>'.length
  return `${unsigned.slice(0, afterIssuer)}${signatureXml}${unsigned.slice(afterIssuer)}`
}

function assertionBody(content: AssertionContent) {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  return {
    '@xmlns:saml': SAML2_NS,
    '@ID': content.id,
    '@IssueInstant': iso(content.notBefore),
    '@Version': '2.0',
    'saml:Issuer': content.issuer,
    'saml:Subject': {
      'saml:NameID': {
        '@Format': 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        '#text': content.nameIdentifier,
      },
      'saml:SubjectConfirmation': {
        '@Method': 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
        'saml:SubjectConfirmationData': { '@NotOnOrAfter': iso(content.notOnOrAfter) },
      },
    },
    'saml:Conditions': {
      '@NotBefore': iso(content.notBefore),
      '@NotOnOrAfter': iso(content.notOnOrAfter),
      'saml:AudienceRestriction': { 'saml:Audience': content.audience ?? MICROSOFT_ONLINE },
    },
    'saml:AttributeStatement': {
      // SAML 2.0 names an attribute by its whole claim type URI.
      'saml:Attribute': content.attributes.map((attribute) => ({
        '@Name': `${attribute.namespace}/${attribute.name}`,
        'saml:AttributeValue': attribute.values,
      })),
    },
    'saml:AuthnStatement': {
      '@AuthnInstant': iso(content.notBefore),
      'saml:AuthnContext': { 'saml:AuthnContextClassRef': content.authenticationMethod },
    },
  }
}

/** Checks the signature with the trusted key, then reads the assertion; null when it does not verify. */
export async function verifyAssertion2(
  xml: string,
  trustedKey: CryptoKey,
): Promise<VerifiedAssertion | null> {
  const signatureXml = SIGNATURE.exec(xml)?.[0]
  const value =
    signatureXml && /<ds:SignatureValue>([A-Za-z0-9+/=]+)<\/ds:SignatureValue>/.exec(signatureXml)?.[1]
  const signature = value ? fromBase64(value) : null
  if (!signatureXml || !signature) return null
  const ok = await crypto.subtle.verify(
    RSA_SHA256,
    trustedKey,
    signature as BufferSource,
    new TextEncoder().encode(xml.replace(signatureXml, '')),
  )
  return ok ? readAssertion2(xml) : null
}

function readAssertion2(xml: string): VerifiedAssertion | null {
  const root = (parser.parse(xml) as { Assertion?: Record<string, any> }).Assertion
  if (!root || root['@Version'] !== '2.0') return null
  const attributes = new Map<string, string[]>()
  for (const attribute of root.AttributeStatement?.Attribute ?? [])
    attributes.set(String(attribute['@Name']), (attribute.AttributeValue ?? []).map(String))
  const nameId = root.Subject?.NameID
  return {
    issuer: String(root.Issuer ?? ''),
    audience: String(root.Conditions?.AudienceRestriction?.Audience ?? ''),
    notBefore: Date.parse(root.Conditions?.['@NotBefore'] ?? ''),
    notOnOrAfter: Date.parse(root.Conditions?.['@NotOnOrAfter'] ?? ''),
    nameIdentifier: String(typeof nameId === 'object' ? nameId['#text'] : (nameId ?? '')),
    authenticationMethod: String(root.AuthnStatement?.AuthnContext?.AuthnContextClassRef ?? ''),
    attributes,
  }
}
