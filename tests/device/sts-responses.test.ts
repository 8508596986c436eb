import { describe, expect, it } from 'vitest'
import { processComputerAssertion, processEnterprisePrt } from '../../src/device/computer-auth.ts'
import { processStsAnswer, processStsSignInPage } from '../../src/device/sts-sign-in.ts'

const ASSERTION =
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" AssertionID="_1"><saml:Conditions/></saml:Assertion>'
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const page = (body: string, status = 200) =>
  new Response(
    `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>${body}</body></html>`,
    { status, headers: { 'content-type': 'text/html' } },
  )
const AUTH_URL = 'https://sts.contoso.com/adfs/ls/?username=adele.vance%40contoso.com&wa=wsignin1.0'
const input = (name: string, value = '') => `<input type="hidden" name="${name}" value="${escape(value)}"/>`

describe('reading the STS pages', () => {
  it('takes the form action from the sign-in page', async () => {
    expect(
      await processStsSignInPage(
        page(
          `<form method="post" action="https://sts.contoso.com/adfs/ls/?wa=wsignin1.0">${input('UserName')}</form>`,
        ),
        AUTH_URL,
      ),
    ).toBe('https://sts.contoso.com/adfs/ls/?wa=wsignin1.0')
  })

  it('reads a relative form action against the page, and posts no password to another host', async () => {
    const form = (action: string) =>
      page(`<form method="post" action="${action}">${input('UserName')}</form>`)
    expect(await processStsSignInPage(form('/adfs/ls/?wa=wsignin1.0'), AUTH_URL)).toBe(
      'https://sts.contoso.com/adfs/ls/?wa=wsignin1.0',
    )
    for (const action of ['https://proxy.example/login', 'http://sts.contoso.com/adfs/ls/', 'https://[']) {
      await expect(processStsSignInPage(form(action), AUTH_URL), action).rejects.toMatchObject({
        code: 'RESPONSE_MALFORMED',
        message: expect.stringContaining('not to the STS at sts.contoso.com'),
      })
    }
  })

  it('reports the STS error page, with its reason, as DISCOVERY_FAILED', async () => {
    await expect(
      processStsSignInPage(
        page('<h1>An error occurred</h1><p id="errorText">MSIS7007: unknown relying party.</p>', 400),
        AUTH_URL,
      ),
    ).rejects.toMatchObject({
      code: 'DISCOVERY_FAILED',
      message: 'The STS shows an error page instead of its sign-in form: MSIS7007: unknown relying party.',
    })
  })

  it('cuts the assertion out of wresult byte for byte', async () => {
    const wresult = `<t:RequestSecurityTokenResponse xmlns:t="x"><t:RequestedSecurityToken>${ASSERTION}</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`
    expect(
      await processStsAnswer(
        page(
          `<form action="https://login.microsoftonline.com/login.srf">${input('wa', 'wsignin1.0')}${input('wresult', wresult)}</form>`,
        ),
      ),
    ).toEqual({ kind: 'assertion', assertion: ASSERTION })
  })

  it('recognises the second-factor form, and tells a wrong password from a wrong code', async () => {
    const codeForm = (error = '') =>
      page(`${error}<form action="https://sts/adfs/ls/">${input('Context', 'c-1')}</form>`)
    expect(await processStsAnswer(codeForm())).toEqual({
      kind: 'second-factor',
      action: 'https://sts/adfs/ls/',
      context: 'c-1',
    })
    await expect(
      processStsAnswer(codeForm('<p id="errorText">The verification code is wrong.</p>')),
    ).rejects.toMatchObject({
      code: 'MFA_REJECTED',
      message: 'The STS refused the sign-in: The verification code is wrong.',
    })
    await expect(
      processStsAnswer(
        page(
          `<p id="errorText">The user ID or password is incorrect.</p><form action="https://sts/adfs/ls/">${input('UserName')}</form>`,
        ),
      ),
    ).rejects.toMatchObject({ code: 'CREDENTIALS_REJECTED' })
  })
})

describe('reading AD FS answers to the computer', () => {
  it('takes the assertion from the WS-Trust response', async () => {
    const envelope = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><trust:RequestedSecurityToken xmlns:trust="x">${ASSERTION}</trust:RequestedSecurityToken></s:Body></s:Envelope>`
    expect(await processComputerAssertion(new Response(envelope))).toBe(ASSERTION)
  })

  it('quotes the SOAP fault reason', async () => {
    const fault =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Reason><s:Text xml:lang="en-US">ID3242: not authorised.</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>'
    await expect(processComputerAssertion(new Response(fault, { status: 400 }))).rejects.toMatchObject({
      code: 'TOKEN_REJECTED',
      message: 'AD FS answered with a fault: ID3242: not authorised.',
    })
  })

  it("reports a refused enterprise PRT request with AD FS's description", async () => {
    const refusal = Response.json(
      { error: 'invalid_grant', error_description: 'The "request" JWT is stale.' },
      { status: 400 },
    )
    await expect(processEnterprisePrt(refusal, 'sts.contoso.com')).rejects.toMatchObject({
      code: 'TOKEN_REJECTED',
      message: 'AD FS did not issue an enterprise PRT: The "request" JWT is stale.',
    })
    expect(await processEnterprisePrt(Response.json({ refresh_token: 'ePRT.1' }), 'sts.contoso.com')).toEqual(
      { authority: 'https://sts.contoso.com/adfs/' },
    )
  })
})
