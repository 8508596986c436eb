import { XMLParser } from 'fast-xml-parser'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const STS = 'https://sts.contoso.com/adfs/services/trust'
const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const mexParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => ['Policy', 'binding', 'port'].includes(name),
})

/** What MSAL Python's mex.py does: the address of the WS-Trust endpoint for a password, by version. */
function usernamePasswordEndpoints(mex: string): Map<string, string> {
  const definitions = mexParser.parse(mex).definitions
  const passwordPolicies = new Set(
    definitions.Policy.filter(
      (policy: any) =>
        policy.ExactlyOne?.All?.SignedEncryptedSupportingTokens?.Policy?.[0]?.UsernameToken?.Policy?.[0]
          ?.WssUsernameToken10 !== undefined,
    ).map((policy: any) => `#${policy['@Id']}`),
  )
  const bindings = new Map<string, string>(
    definitions.binding
      .filter((binding: any) => passwordPolicies.has(binding.PolicyReference?.['@URI']))
      .map((binding: any) => [binding['@name'], binding.operation.operation['@soapAction']]),
  )
  return new Map(
    definitions.service.port
      .filter((port: any) => bindings.has(port['@binding'].replace(/^tns:/, '')))
      .map((port: any) => [
        bindings.get(port['@binding'].replace(/^tns:/, '')),
        port.EndpointReference.Address,
      ]),
  )
}

function rst(version: '2005' | '13', url: string, username: string, password: string, expires: string) {
  const trust =
    version === '2005'
      ? 'http://schemas.xmlsoap.org/ws/2005/02/trust'
      : 'http://docs.oasis-open.org/ws-sx/ws-trust/200512'
  const action = `${trust}/RST/Issue`
  const keyType =
    version === '2005' ? 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey' : `${trust}/Bearer`
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
<s:Header><wsa:Action s:mustUnderstand="1">${action}</wsa:Action><wsa:To s:mustUnderstand="1">${url}</wsa:To>
<wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
<wsu:Timestamp wsu:Id="_0"><wsu:Created>2026-01-15T09:00:00Z</wsu:Created><wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>
<wsse:UsernameToken wsu:Id="user"><wsse:Username>${username}</wsse:Username><wsse:Password>${password}</wsse:Password></wsse:UsernameToken>
</wsse:Security></s:Header><s:Body><wst:RequestSecurityToken xmlns:wst="${trust}">
<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><wsa:EndpointReference><wsa:Address>urn:federation:MicrosoftOnline</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>
<wst:KeyType>${keyType}</wst:KeyType><wst:RequestType>${trust}/Issue</wst:RequestType></wst:RequestSecurityToken></s:Body></s:Envelope>`
}

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

// The assertion's bytes must stay as issued (its signature covers them), so it is cut out, not re-serialised.
function assertionOf(rstr: string): string {
  const start = rstr.indexOf('<saml:Assertion')
  return rstr.slice(start, rstr.lastIndexOf('</saml:Assertion>') + '</saml:Assertion>'.length)
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
