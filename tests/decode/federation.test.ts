import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { signAssertion } from '../../mocks/saml.ts'
import { createSigningKey } from '../../mocks/signing-key.ts'
import { checkAssertionSignature, guidFromBase64, readAssertion } from '../../src/decode/saml.ts'
import { findFederationPayloads, readWsTrust } from '../../src/decode/ws-trust.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Trace } from '../../src/trace/schema.ts'

function recording(name: string): Trace {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace
}
const exchangesOf = (name: string) => recording(name).steps.flatMap((step) => step.exchanges)

function onlyAssertion(value: string, where = 'body') {
  const saml = findFederationPayloads(value, where).filter((payload) => payload.kind === 'saml')
  expect(saml).toHaveLength(1)
  const read = readAssertion(saml[0]!.value)
  if (!read.ok) throw new Error(read.reason)
  return { payload: saml[0]!, assertion: read.assertion }
}

describe('SAML 1.1 from AD FS', () => {
  const federated = exchangesOf('aadj-federated-happy')
  const signIn = federated.find(
    (exchange) => exchange.request.method === 'POST' && exchange.request.url.includes('/adfs/ls/'),
  )!

  it('reads the assertion out of the auto-post page’s wresult, with its fields', () => {
    const { payload, assertion } = onlyAssertion(signIn.response.body, 'response body')
    expect(payload.where).toBe('response body › wresult › Assertion')
    expect(assertion).toMatchObject({
      version: '1.1',
      issuer: 'http://sts.contoso.com/adfs/services/trust',
      audiences: ['urn:federation:MicrosoftOnline'],
      nameId: 'fhtsP6RSHUyaix4vOktcbQ==',
      notBefore: '2026-01-15T09:00:00Z',
      notOnOrAfter: '2026-01-15T10:00:00Z',
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
      confirmationMethod: 'urn:oasis:names:tc:SAML:1.0:cm:bearer',
    })
    expect(assertion.claims.find((claim) => claim.name === 'UPN')?.values).toEqual([
      'adele.vance@contoso.com',
    ])
    expect(assertion.immutableId).toEqual({
      value: 'fhtsP6RSHUyaix4vOktcbQ==',
      guid: guidFromBase64('fhtsP6RSHUyaix4vOktcbQ=='),
      from: 'ImmutableID claim',
    })
  })

  it('verifies the signature with the AD FS certificate the assertion carries, by the emulated rule', async () => {
    const { assertion } = onlyAssertion(signIn.response.body)
    const check = await checkAssertionSignature(assertion)
    expect(check.status).toBe('verified')
    expect(check.certificate?.subject).toBe('CN=ADFS Signing - sts.contoso.com')
    expect(check.certificate?.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/)
  })

  it('finds the same assertion in the saml1_1-bearer grant’s base64 assertion field', () => {
    const redeem = federated.find((exchange) => exchange.request.body.includes('saml1_1-bearer'))!
    const field = new URLSearchParams(redeem.request.body).get('assertion')!
    const { assertion } = onlyAssertion(field)
    expect(assertion.issuer).toBe('http://sts.contoso.com/adfs/services/trust')
  })

  it('reads the computer’s claims from the WS-Trust RSTRC and names the envelopes’ actions', async () => {
    const hybrid = exchangesOf('haadj-federated-happy')
    const transport = hybrid.find((exchange) => exchange.request.url.endsWith('/windowstransport'))!
    const request = readWsTrust(transport.request.body)
    expect(request.ok && request.message.actionName).toBe('WS-Trust 1.3 Issue request (RST)')
    expect(request.ok && request.message.appliesTo).toBe('urn:federation:MicrosoftOnline')
    const response = readWsTrust(transport.response.body)
    expect(response.ok && response.message.actionName).toBe('WS-Trust Issue response (RSTRC)')
    expect(response.ok && response.message.pretty.split('\n').length).toBeGreaterThan(20)
    const { assertion } = onlyAssertion(transport.response.body)
    const claims = Object.fromEntries(assertion.claims.map((claim) => [claim.name, claim.values[0]]))
    expect(claims).toMatchObject({
      accounttype: 'DJ',
      primarysid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
    })
    expect(assertion.authenticationMethod).toBe('urn:federation:authentication:windows')
    expect((await checkAssertionSignature(assertion)).status).toBe('verified')
  })
})

describe('SAML signature check', () => {
  const content = {
    issuer: 'http://sts.fabrikam.com/adfs/services/trust',
    nameIdentifier: 'AAECAwQFBgcICQoLDA0ODw==',
    authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
    attributes: [{ name: 'UPN', namespace: 'http://schemas.xmlsoap.org/claims', values: ['a@fabrikam.com'] }],
    notBefore: Date.UTC(2026, 0, 1),
    notOnOrAfter: Date.UTC(2026, 0, 1, 1),
    id: '_1',
  }
  async function signed() {
    const key = await createSigningKey(Date.UTC(2026, 0, 1), 'CN=ADFS Signing - sts.fabrikam.com')
    return signAssertion(content, {
      privateKey: key.privateKey,
      certificateBase64: (key.jwk.x5c as string[])[0]!,
    })
  }

  it('says invalid when a byte of the signed part changed', async () => {
    const tampered = (await signed()).replace('a@fabrikam.com', 'b@fabrikam.com')
    const read = readAssertion(tampered)
    expect(read.ok && (await checkAssertionSignature(read.assertion)).status).toBe('invalid')
  })

  it('says invalid when the certificate in KeyInfo is another key’s', async () => {
    const other = await createSigningKey(Date.UTC(2026, 0, 1), 'CN=Someone else')
    const xml = await signed()
    const certificate = /<ds:X509Certificate>([^<]+)</.exec(xml)![1]!
    const swapped = xml.replace(certificate, (other.jwk.x5c as string[])[0]!)
    const read = readAssertion(swapped)
    const check = read.ok ? await checkAssertionSignature(read.assertion) : undefined
    expect(check?.status).toBe('invalid')
    expect(check?.certificate?.subject).toBe('CN=Someone else')
  })

  it('reports a real XML-DSig signature as not checked rather than invalid', () => {
    const xml = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="_2" Issuer="http://sts/adfs/services/trust" IssueInstant="2026-01-01T00:00:00Z"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_2"><ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature></saml:Assertion>`
    const read = readAssertion(xml)
    expect(read.ok && read.assertion.signature?.isXmlDsig).toBe(true)
  })
})

describe('SAML 2.0', () => {
  const xml = `<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_abc" IssueInstant="2026-03-01T08:00:00Z" Version="2.0">
  <Issuer>http://sts.contoso.com/adfs/services/trust</Issuer>
  <Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">fhtsP6RSHUyaix4vOktcbQ==</NameID>
    <SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/></Subject>
  <Conditions NotBefore="2026-03-01T08:00:00Z" NotOnOrAfter="2026-03-01T09:00:00Z">
    <AudienceRestriction><Audience>urn:federation:MicrosoftOnline</Audience></AudienceRestriction></Conditions>
  <AttributeStatement>
    <Attribute Name="IDPEmail"><AttributeValue>adele.vance@contoso.com</AttributeValue></Attribute>
    <Attribute Name="http://schemas.microsoft.com/claims/authnmethodsreferences"><AttributeValue>a</AttributeValue><AttributeValue>b</AttributeValue></Attribute>
  </AttributeStatement>
  <AuthnStatement AuthnInstant="2026-03-01T08:00:00Z"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</AuthnContextClassRef></AuthnContext></AuthnStatement>
</Assertion>`

  it('reads issuer, audience, NameID (the ImmutableID), conditions and claims', () => {
    const read = readAssertion(xml)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.assertion).toMatchObject({
      version: '2.0',
      id: '_abc',
      issuer: 'http://sts.contoso.com/adfs/services/trust',
      audiences: ['urn:federation:MicrosoftOnline'],
      nameId: 'fhtsP6RSHUyaix4vOktcbQ==',
      confirmationMethod: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
      notOnOrAfter: '2026-03-01T09:00:00Z',
      authenticationMethod: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      immutableId: { value: 'fhtsP6RSHUyaix4vOktcbQ==', from: 'NameID' },
    })
    expect(read.assertion.claims[1]?.values).toEqual(['a', 'b'])
  })
})

describe('hostile federation input', () => {
  it.each([
    ['truncated XML', '<saml:Assertion xmlns:saml="x" Issuer="i"><saml:Conditions'],
    ['a DOCTYPE with entities', '<!DOCTYPE a [<!ENTITY x "y">]><Assertion Issuer="i">&x;</Assertion>'],
    ['not XML', 'just words'],
  ])('refuses %s with a reason, without throwing', (_, input) => {
    const read = readAssertion(input)
    expect(read.ok).toBe(false)
    expect(!read.ok && read.reason.length).toBeGreaterThan(5)
    expect(readWsTrust(input).ok).toBe(false)
    expect(findFederationPayloads(input, 'body')).toEqual([])
  })

  it('refuses an assertion that names no issuer', () => {
    const read = readAssertion('<Assertion MajorVersion="1"></Assertion>')
    expect(read).toEqual({ ok: false, reason: 'the assertion names no issuer' })
  })

  it('finds nothing in base64 that is not XML', () => {
    expect(findFederationPayloads(btoa('x'.repeat(80)), 'field')).toEqual([])
  })
})

describe('in the payload inspector', () => {
  it('finds and decodes the RSTRC and its assertion in the AD FS windowstransport exchange', async () => {
    const { findPayloads } = await import('../../src/ui/inspector/find-payloads.ts')
    const { decodePayloads } = await import('../../src/ui/inspector/decode-payload.ts')
    const transport = exchangesOf('haadj-federated-happy').find((exchange) =>
      exchange.request.url.endsWith('/windowstransport'),
    )!
    const payloads = findPayloads(transport)
    expect(payloads.map((payload) => `${payload.kind} ${payload.where}`)).toEqual([
      'ws-trust request body',
      'ws-trust response body',
      'saml response body › Assertion',
    ])
    const decoded = await decodePayloads(payloads)
    const saml = decoded.find((entry) => entry.kind === 'saml')
    expect(saml?.kind === 'saml' && saml.signature.status).toBe('verified')
  })
})
