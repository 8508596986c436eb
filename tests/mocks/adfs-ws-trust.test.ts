import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { emulateTenant } from '../support/tenant-harness.ts'
import { assertionOf, rst, usernamePasswordEndpoints } from '../support/ws-trust-client.ts'

const STS = 'https://sts.contoso.com/adfs/services/trust'
const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
async function signIn(version: '2005' | '13', password: string, expires = '2026-01-15T09:10:00Z') {
  const endpoints = usernamePasswordEndpoints(await (await fetch(`${STS}/mex`)).text())
  const action =
    version === '2005'
      ? 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue'
      : 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue'
  const url = endpoints.get(action)!
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body: rst(version, url, 'adele.vance@contoso.com', password, expires),
  })
  return { url, status: response.status, text: await response.text() }
}

describe('AD FS for clients: MEX and usernamemixed (WS-Trust)', () => {
  it('names both usernamemixed endpoints in the MEX, as a client reads it', async () => {
    emulateTenant(contosoFederated())
    const endpoints = usernamePasswordEndpoints(await (await fetch(`${STS}/mex`)).text())
    expect([...endpoints.values()].sort()).toEqual([`${STS}/13/usernamemixed`, `${STS}/2005/usernamemixed`])
  })

  it('signs a federated user in with WS-Trust 2005 and 1.3, and Azure AD redeems the assertion (saml1_1-bearer)', async () => {
    emulateTenant(contosoFederated())
    for (const version of ['2005', '13'] as const) {
      const { status, text } = await signIn(version, 'Pa55w.rd-Contoso')
      expect(status).toBe(200)
      expect(text).toContain('<t:TokenType>urn:oasis:names:tc:SAML:1.0:assertion</t:TokenType>')
      expect(text.includes('RequestSecurityTokenResponseCollection')).toBe(version === '13')
      const token = await fetch('https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
          client_id: AZURE_CLI,
          scope: 'https://graph.microsoft.com/.default openid offline_access',
          assertion: Buffer.from(assertionOf(text)).toString('base64'), // standard base64, as MSAL Python sends it
        }).toString(),
      })
      expect(token.status).toBe(200)
      expect(decodeJwt((await token.json()).id_token).preferred_username).toBe('adele.vance@contoso.com')
    }
  })

  it('refuses a wrong password with a FailedAuthentication fault, and an expired message', async () => {
    emulateTenant(contosoFederated())
    const wrong = await signIn('13', 'nope')
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('a:FailedAuthentication')
    expect(wrong.text).toContain('ID3242')
    expect(wrong.text).not.toContain('saml:Assertion')
    const stale = await signIn('2005', 'Pa55w.rd-Contoso', '2026-01-15T08:59:00Z')
    expect(stale.status).toBe(400)
    expect(stale.text).toContain('a:RequestFailed')
  })

  it('refuses a WS-Trust 1.3 request sent to the 2005 endpoint, and a body that is not SOAP', async () => {
    emulateTenant(contosoFederated())
    const mismatched = await fetch(`${STS}/2005/usernamemixed`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: rst(
        '13',
        `${STS}/2005/usernamemixed`,
        'adele.vance@contoso.com',
        'Pa55w.rd-Contoso',
        '2026-01-15T09:10:00Z',
      ),
    })
    expect(mismatched.status).toBe(400)
    expect(await mismatched.text()).toContain('a:InvalidRequest')
    const garbage = await fetch(`${STS}/13/usernamemixed`, { method: 'POST', body: 'hello' })
    expect(await garbage.text()).toContain('The body is not a SOAP envelope.')
  })
})

describe('SAML 2.0 from AD FS (saml2-bearer)', () => {
  const SAML2 = 'urn:oasis:names:tc:SAML:2.0:assertion'
  const askFor = async (tokenType: string) => {
    const url = `${STS}/13/usernamemixed`
    const body = rst(
      '13',
      url,
      'adele.vance@contoso.com',
      'Pa55w.rd-Contoso',
      '2026-01-15T09:10:00Z',
    ).replace('<wst:KeyType>', `<wst:TokenType>${tokenType}</wst:TokenType><wst:KeyType>`)
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body,
    })
    return { status: response.status, text: await response.text() }
  }
  const redeem = (grant: 'saml1_1-bearer' | 'saml2-bearer', assertionXml: string) =>
    fetch('https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: `urn:ietf:params:oauth:grant-type:${grant}`,
        client_id: AZURE_CLI,
        scope: 'https://graph.microsoft.com/.default openid',
        assertion: Buffer.from(assertionXml).toString('base64url'),
      }).toString(),
    })

  it('issues a signed SAML 2.0 assertion when the RST asks for one, which Azure AD redeems with saml2-bearer', async () => {
    emulateTenant(contosoFederated())
    const { status, text } = await askFor(SAML2)
    expect(status).toBe(200)
    expect(text).toContain(`<t:TokenType>${SAML2}</t:TokenType>`)
    const assertion = assertionOf(text)
    expect(assertion).toContain(`xmlns:saml="${SAML2}"`)
    expect(assertion).toMatch(/<saml:Issuer>[^<]+<\/saml:Issuer><ds:Signature /)
    expect(assertion).toContain('<saml:Audience>urn:federation:MicrosoftOnline</saml:Audience>')
    const token = await redeem('saml2-bearer', assertion)
    expect(token.status).toBe(200)
    expect(decodeJwt((await token.json()).id_token).preferred_username).toBe('adele.vance@contoso.com')
  })

  it('refuses an assertion under the other version’s grant, a tampered one, and a token type it does not issue', async () => {
    emulateTenant(contosoFederated())
    const saml2 = assertionOf((await askFor(SAML2)).text)
    const saml1 = assertionOf((await askFor('urn:oasis:names:tc:SAML:1.0:assertion')).text)
    const crossed = await (await redeem('saml1_1-bearer', saml2)).json()
    expect(crossed).toMatchObject({ error: 'invalid_grant', error_codes: [50008] })
    expect((await (await redeem('saml2-bearer', saml1)).json()).error_description).toMatch(
      /^AADSTS50008: The assertion is SAML 1\.1/,
    )
    const tampered = saml2.replace('adele.vance@contoso.com', 'megan.bowen@contoso.com')
    expect((await (await redeem('saml2-bearer', tampered)).json()).error_description).toMatch(
      /signature does not verify/,
    )
    const unknown = await askFor('urn:example:token')
    expect([unknown.status, unknown.text.includes('a:InvalidRequest')]).toEqual([400, true])
  })
})
