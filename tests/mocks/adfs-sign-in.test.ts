import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { immutableId } from '../../mocks/adfs.ts'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { verifyAssertion } from '../../mocks/saml.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const SIGN_IN =
  'https://sts.contoso.com/adfs/ls/?username=megan.bowen%40contoso.com&wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=LoginOptions%3d3'

function post(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

// The pages are XHTML: read them as XML, as a browser would read the form.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'input',
})
const body = (html: string) => parser.parse(html).html.body
const field = (html: string, name: string): string | undefined =>
  body(html).form?.input.find((input: { name: string }) => input.name === name)?.value
const errorText = (html: string): string | undefined => body(html).p?.['#text']

async function signInMegan(password = 'Pa55w.rd-Megan') {
  return (
    await post(SIGN_IN, {
      UserName: 'megan.bowen@contoso.com',
      Password: password,
      AuthMethod: 'FormsAuthentication',
    })
  ).text()
}

describe('AD FS passive sign-in (/adfs/ls/)', () => {
  it('shows an error page, with no form, for a relying party it has no trust for', async () => {
    emulateTenant(contosoFederated())
    const response = await fetch(
      SIGN_IN.replace('urn%3afederation%3aMicrosoftOnline', 'urn%3aexample%3aother'),
    )
    const html = await response.text()
    expect(response.status).toBe(400)
    expect(errorText(html)).toBe(
      "MSIS7007: The requested relying party trust 'urn:example:other' is unspecified or unsupported.",
    )
    expect(html).not.toContain('<form')
  })

  it('refuses a request that is not a WS-Federation sign-in', async () => {
    emulateTenant(contosoFederated())
    const html = await (
      await post(SIGN_IN.replace('wa=wsignin1.0', 'wa=wsignout1.0'), { UserName: 'x', Password: 'y' })
    ).text()
    expect(errorText(html)).toBe(
      'The request is not a WS-Federation sign-in: "wa" is \'wsignout1.0\', not wsignin1.0.',
    )
  })

  it('gives the sign-in form back with its own words when the password is wrong', async () => {
    emulateTenant(contosoFederated())
    const html = await signInMegan('Summer2026!')
    expect(errorText(html)).toBe('The user ID or password is incorrect.')
    expect(field(html, 'wresult')).toBeUndefined()
  })

  it('asks an enrolled user for a code, refuses a wrong one, and issues the assertion for the right one', async () => {
    const { tenant } = emulateTenant(contosoFederated())
    const context = field(await signInMegan(), 'Context')!
    expect(context).toBeTruthy()
    const wrong = await (await post(SIGN_IN, { Context: context, VerificationCode: '000000' })).text()
    expect(errorText(wrong)).toBe('The verification code is wrong.')
    const right = await (await post(SIGN_IN, { Context: context, VerificationCode: '246810' })).text()
    expect(field(right, 'wctx')).toBe('LoginOptions=3')
    const wresult = field(right, 'wresult')!
    const xml = wresult.slice(
      wresult.indexOf('<saml:Assertion'),
      wresult.lastIndexOf('</saml:Assertion>') + '</saml:Assertion>'.length,
    )
    const assertion = await verifyAssertion(xml, (await tenant.adfsSigningKey()).publicKey)
    expect(assertion).toMatchObject({
      issuer: 'http://sts.contoso.com/adfs/services/trust',
      audience: 'urn:federation:MicrosoftOnline',
      nameIdentifier: immutableId('7a1e9c3d-2b4f-4e6a-8c0d-5f7e9a1b3c5d'),
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
    })
    expect(assertion!.attributes.get('http://schemas.xmlsoap.org/claims/UPN')).toEqual([
      'megan.bowen@contoso.com',
    ])
    expect(assertion!.attributes.get('http://schemas.microsoft.com/claims/authnmethodsreferences')).toEqual([
      'http://schemas.microsoft.com/claims/multipleauthn',
    ])
  })

  it('lets a pending second factor lapse after five minutes on the run clock', async () => {
    const { clock } = emulateTenant(contosoFederated())
    const context = field(await signInMegan(), 'Context')!
    clock.advance(5 * 60_000)
    const html = await (await post(SIGN_IN, { Context: context, VerificationCode: '246810' })).text()
    expect(errorText(html)).toBe('The sign-in has expired. Start again.')
  })
})
