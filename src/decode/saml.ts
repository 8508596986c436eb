import { XMLParser } from 'fast-xml-parser'
import { fromBase64, toHex } from '../device/encoding.ts'
import { x509 } from '../device/x509.ts'
import { attribute, child, childText, children, readXml, text, type XmlNode } from './xml.ts'

/** One claim an assertion carries: SAML 1.1 names it by namespace + name, SAML 2.0 by one URI. */
interface SamlClaim {
  name: string
  namespace?: string
  values: string[]
}

/** A SAML 1.1 or 2.0 assertion read into the fields an engineer looks for. */
export interface SamlAssertion {
  version: '1.1' | '2.0'
  id: string
  issuer: string
  issueInstant: string
  audiences: string[]
  nameId: string
  nameIdFormat?: string
  confirmationMethod?: string
  notBefore?: string
  notOnOrAfter?: string
  authenticationMethod?: string
  authenticationInstant?: string
  claims: SamlClaim[]
  /** The ImmutableID (Azure AD's sourceAnchor for the user or computer), and its GUID when it is one. */
  immutableId?: { value: string; guid?: string; from: string }
  signature?: { algorithm?: string; value: string; certificate?: string; isXmlDsig: boolean }
  /** The assertion's exact text: what its signature covers. */
  xml: string
}

export type SamlResult = { ok: true; assertion: SamlAssertion } | { ok: false; reason: string }

const MICROSOFT_ONLINE = 'urn:federation:MicrosoftOnline'
const IMMUTABLE_ID = 'ImmutableID'

/** Reads one assertion (its own XML text); never throws. */
export function readAssertion(xml: string): SamlResult {
  const parsed = readXml(xml)
  if (!parsed.ok) return parsed
  const root = child(parsed.root, 'Assertion')
  if (!root) return { ok: false, reason: 'no SAML <Assertion> element' }
  const assertion = attribute(root, 'Version') === '2.0' ? readSaml20(root, xml) : readSaml11(root, xml)
  if (!assertion.issuer) return { ok: false, reason: 'the assertion names no issuer' }
  return { ok: true, assertion: { ...assertion, immutableId: findImmutableId(assertion) } }
}

function readSaml11(root: XmlNode, xml: string): SamlAssertion {
  const conditions = child(root, 'Conditions')
  const attributeStatement = child(root, 'AttributeStatement')
  const authentication = child(root, 'AuthenticationStatement')
  const subject = child(attributeStatement, 'Subject') ?? child(authentication, 'Subject')
  const nameId = children(subject, 'NameIdentifier')[0]
  return {
    version: '1.1',
    id: attribute(root, 'AssertionID') ?? '',
    issuer: attribute(root, 'Issuer') ?? '',
    issueInstant: attribute(root, 'IssueInstant') ?? '',
    audiences: children(conditions, 'AudienceRestrictionCondition').flatMap((restriction) =>
      children(restriction, 'Audience').map(text),
    ),
    nameId: text(nameId),
    nameIdFormat: attribute(nameId, 'Format'),
    confirmationMethod: childText(child(subject, 'SubjectConfirmation'), 'ConfirmationMethod') || undefined,
    notBefore: attribute(conditions, 'NotBefore'),
    notOnOrAfter: attribute(conditions, 'NotOnOrAfter'),
    authenticationMethod: attribute(authentication, 'AuthenticationMethod'),
    authenticationInstant: attribute(authentication, 'AuthenticationInstant'),
    claims: children(attributeStatement, 'Attribute').map((claim) => ({
      name: attribute(claim, 'AttributeName') ?? '',
      namespace: attribute(claim, 'AttributeNamespace'),
      values: children(claim, 'AttributeValue').map(text),
    })),
    signature: readSignature(root),
    xml,
  }
}

function readSaml20(root: XmlNode, xml: string): SamlAssertion {
  const conditions = child(root, 'Conditions')
  const subject = child(root, 'Subject')
  const nameId = children(subject, 'NameID')[0]
  const authentication = child(root, 'AuthnStatement')
  return {
    version: '2.0',
    id: attribute(root, 'ID') ?? '',
    issuer: childText(root, 'Issuer'),
    issueInstant: attribute(root, 'IssueInstant') ?? '',
    audiences: children(conditions, 'AudienceRestriction').flatMap((restriction) =>
      children(restriction, 'Audience').map(text),
    ),
    nameId: text(nameId),
    nameIdFormat: attribute(nameId, 'Format'),
    confirmationMethod: attribute(child(subject, 'SubjectConfirmation'), 'Method'),
    notBefore: attribute(conditions, 'NotBefore'),
    notOnOrAfter: attribute(conditions, 'NotOnOrAfter'),
    authenticationMethod:
      childText(child(authentication, 'AuthnContext'), 'AuthnContextClassRef') || undefined,
    authenticationInstant: attribute(authentication, 'AuthnInstant'),
    claims: children(child(root, 'AttributeStatement'), 'Attribute').map((claim) => ({
      name: attribute(claim, 'Name') ?? '',
      values: children(claim, 'AttributeValue').map(text),
    })),
    signature: readSignature(root),
    xml,
  }
}

function readSignature(root: XmlNode): SamlAssertion['signature'] {
  const signature = child(root, 'Signature')
  if (!signature) return undefined
  const signedInfo = child(signature, 'SignedInfo')
  return {
    algorithm: attribute(child(signedInfo, 'SignatureMethod'), 'Algorithm'),
    value: childText(signature, 'SignatureValue').replace(/\s+/g, ''),
    certificate:
      childText(child(child(signature, 'KeyInfo'), 'X509Data'), 'X509Certificate').replace(/\s+/g, '') ||
      undefined,
    // A real XML-DSig signature names what it signs (Reference, DigestValue) and how it canonicalises.
    isXmlDsig: Boolean(child(signedInfo, 'Reference') || child(signedInfo, 'CanonicalizationMethod')),
  }
}

/**
 * AD FS sends Azure AD the user's (or computer's) ImmutableID twice: as an `ImmutableID` claim and as
 * the NameIdentifier of an assertion for urn:federation:MicrosoftOnline.
 */
function findImmutableId(assertion: SamlAssertion): SamlAssertion['immutableId'] {
  const claim = assertion.claims.find((candidate) => candidate.name.split('/').at(-1) === IMMUTABLE_ID)
  const value = claim?.values[0] ?? (assertion.audiences.includes(MICROSOFT_ONLINE) ? assertion.nameId : '')
  if (!value) return undefined
  return { value, guid: guidFromBase64(value), from: claim ? 'ImmutableID claim' : 'NameID' }
}

/** An objectGUID in base64 (16 bytes) as a GUID, the first three groups little-endian. */
export function guidFromBase64(value: string): string | undefined {
  let bytes: Uint8Array
  try {
    bytes = fromBase64(value)
  } catch {
    return undefined
  }
  if (bytes.length !== 16) return undefined
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = [...bytes.slice(from, to)]
    return toHex(Uint8Array.from(reverse ? part.reverse() : part)).toLowerCase()
  }
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-')
}

type SignatureStatus = 'verified' | 'invalid' | 'not checked'

export interface SignatureCheck {
  status: SignatureStatus
  reason: string
  certificate?: { subject: string; thumbprintSha1: string; notAfter: string }
}

const RSA_SHA256_URI = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }

/**
 * Checks the signature the way the emulated AD FS makes it (docs/decisions/0004-saml-signature.md):
 * RSA-SHA256 over the assertion's exact text up to its <Signature> element, with the token-signing
 * certificate the assertion carries in KeyInfo. That is a documented simplification of XML-DSig,
 * not XML-DSig: a real AD FS signature (References, digests, exclusive canonicalisation) is reported
 * as not checked rather than wrongly as invalid.
 */
export async function checkAssertionSignature(assertion: SamlAssertion): Promise<SignatureCheck> {
  const { signature } = assertion
  if (!signature) return { status: 'not checked', reason: 'the assertion is not signed' }
  const certificate = signature.certificate ? await describeCertificate(signature.certificate) : undefined
  if (!certificate) return { status: 'not checked', reason: 'no signing certificate in KeyInfo' }
  if (signature.isXmlDsig)
    return {
      status: 'not checked',
      reason:
        'a full XML-DSig signature (References, canonicalisation): this tool checks only the emulated AD FS rule',
      certificate: certificate.summary,
    }
  if (signature.algorithm !== RSA_SHA256_URI)
    return {
      status: 'not checked',
      reason: `unknown algorithm ${signature.algorithm ?? '(none)'}`,
      certificate: certificate.summary,
    }
  const signedEnd = signatureStart(assertion.xml)
  let valid = false
  try {
    const key = await certificate.certificate.publicKey.export(RSA_SHA256, ['verify'])
    valid = await crypto.subtle.verify(
      RSA_SHA256,
      key,
      fromBase64(signature.value) as BufferSource,
      new TextEncoder().encode(assertion.xml.slice(0, signedEnd)),
    )
  } catch (error) {
    return {
      status: 'invalid',
      reason: error instanceof Error ? error.message : String(error),
      certificate: certificate.summary,
    }
  }
  return valid
    ? {
        status: 'verified',
        reason:
          'RSA-SHA256 over the assertion up to <Signature>, with the KeyInfo certificate (decision 0004)',
        certificate: certificate.summary,
      }
    : {
        status: 'invalid',
        reason: 'the assertion changed after signing, or another key signed it',
        certificate: certificate.summary,
      }
}

async function describeCertificate(base64: string) {
  try {
    const certificate = new x509.X509Certificate(base64)
    const thumbprintSha1 = toHex(await certificate.getThumbprint('SHA-1'))
    return {
      certificate,
      summary: { subject: certificate.subject, thumbprintSha1, notAfter: certificate.notAfter.toISOString() },
    }
  } catch {
    return undefined
  }
}

// The signed bytes end where the <Signature> element starts; its prefix is the one the parser saw.
function signatureStart(xml: string): number {
  const qualified = qualifiedName(xml, 'Signature') ?? 'ds:Signature'
  let at = -1
  for (let next = startTag(xml, qualified, 0); next >= 0; next = startTag(xml, qualified, next + 1)) at = next
  return at < 0 ? xml.length : at
}

/** Where `<name` starts as a whole element name (not `<nameValue`), from an offset; -1 if nowhere. */
function startTag(xml: string, qualified: string, from: number): number {
  for (let at = xml.indexOf(`<${qualified}`, from); at >= 0; at = xml.indexOf(`<${qualified}`, at + 1)) {
    const after = xml[at + qualified.length + 1]
    if (after === '>' || after === '/' || (after !== undefined && /\s/.test(after))) return at
  }
  return -1
}

const orderedParser = new XMLParser({ ignoreAttributes: true, preserveOrder: true })

/** The prefixed name (`saml:Assertion`, `ds:Signature`) of the first element with that local name. */
function qualifiedName(xml: string, local: string): string | undefined {
  let tree: unknown
  try {
    tree = orderedParser.parse(xml)
  } catch {
    return undefined
  }
  const stack: unknown[] = [tree]
  while (stack.length > 0) {
    const node = stack.shift()
    if (Array.isArray(node)) {
      stack.unshift(...node)
      continue
    }
    if (typeof node !== 'object' || node === null) continue
    for (const [name, inner] of Object.entries(node)) {
      if (name.startsWith(':') || name === '#text') continue
      if (name === local || name.endsWith(`:${local}`)) return name
      stack.push(inner)
    }
  }
  return undefined
}

/**
 * Every assertion inside a larger document (an RSTR, a SOAP envelope), as its exact text: the
 * parser finds the element's prefixed name, the text is cut at its start and end tags so the bytes
 * the signature covers stay untouched.
 */
export function extractAssertions(xml: string): string[] {
  const qualified = qualifiedName(xml, 'Assertion')
  if (!qualified) return []
  const found: string[] = []
  let from = 0
  for (;;) {
    const start = startTag(xml, qualified, from)
    const endTag = `</${qualified}>`
    const end = xml.indexOf(endTag, start)
    if (start < 0 || end < 0) return found
    found.push(xml.slice(start, end + endTag.length))
    from = end + endTag.length
  }
}
