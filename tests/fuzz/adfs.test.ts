import fc from 'fast-check'
import { describe, it } from 'vitest'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import { emulateTenant } from '../support/tenant-harness.ts'
import { body, expectServiceAnswer, fuzz, headers, HOSTILE, query, text } from './fuzz.ts'

const STS = 'https://sts.contoso.com'
const toBase64 = (value: string) => Buffer.from(value, 'utf8').toString('base64')

/** A Negotiate header: the emulation's ticket for a real computer, one with any names in it, or noise. */
const negotiate = fc.oneof(
  fc.constant(
    `Negotiate ${toBase64(JSON.stringify({ principal: 'DESKTOP-7Q2K9LM$@CORP.CONTOSO.COM', service: 'HTTP/sts.contoso.com' }))}`,
  ),
  fc
    .record({
      principal: fc.oneof(
        text,
        fc.constantFrom('*)(objectClass=*', 'DESKTOP-7Q2K9LM$@CORP.CONTOSO.COM', '@', '\\2a'),
      ),
      service: fc.oneof(text, fc.constant('HTTP/sts.contoso.com')),
    })
    .map((ticket) => `Negotiate ${toBase64(JSON.stringify(ticket))}`),
  text.map((value) => `Negotiate ${value.replace(/[^\x20-\x7e]/g, '')}`),
  fc.constantFrom('', 'Negotiate', 'NTLM TlRMTVNTUAABAAAA', 'Bearer x'),
)

/** Form fields the sign-in page and the PRT endpoint read, each known, random or missing. */
const formOf = (known: Record<string, string[]>) =>
  fc
    .record(
      Object.fromEntries(
        Object.entries(known).map(([name, values]) => [
          name,
          fc.option(fc.oneof(fc.constantFrom(...values), text), { nil: undefined }),
        ]),
      ),
    )
    .map((fields) => {
      const form = new URLSearchParams()
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value)
      return form.toString()
    })

const rst = fc.oneof(
  fc.constantFrom(
    ...HOSTILE,
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>',
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><trust:RequestSecurityToken xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><trust:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</trust:RequestType></trust:RequestSecurityToken></s:Body></s:Envelope>',
  ),
  text.map(
    (inner) =>
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${inner}</s:Body></s:Envelope>`,
  ),
  body,
)

describe('fuzzing the emulated AD FS', () => {
  it('answers the sign-in page with a page, never a 500, whatever the query and form', async () => {
    emulateTenant(contosoHybrid(true))
    const signIn = fc.oneof(
      fc
        .record({ query, headers })
        .map((r) => ({ method: 'GET', url: `${STS}/adfs/ls/${r.query}`, headers: r.headers })),
      fc
        .record({
          query: fc.oneof(fc.constant('?wa=wsignin1.0&wtrealm=urn:federation:MicrosoftOnline&wctx=x'), query),
          body: fc.oneof(
            formOf({
              UserName: ['adele.vance@contoso.com', 'megan.bowen@contoso.com'],
              Password: ['Pa55w.rd-Contoso'],
              Context: ['00000000-0000-4000-8000-000000000001'],
              Code: ['246810', '000000'],
              AuthMethod: ['FormsAuthentication'],
            }),
            body,
          ),
        })
        .map((r) => ({
          method: 'POST',
          url: `${STS}/adfs/ls/${r.query}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: r.body,
        })),
    )
    await fuzz('adfs /adfs/ls/', signIn, (input) => expectServiceAnswer(input, ['html']), 200)
  })

  it('answers the WS-Trust endpoints and the enterprise PRT endpoint with their own errors, never a 500', async () => {
    emulateTenant(contosoHybrid(true))
    const transport = fc.record({ authorization: negotiate, body: rst, query }).map((r) => ({
      method: 'POST',
      url: `${STS}/adfs/services/trust/13/windowstransport${r.query}`,
      headers: { authorization: r.authorization, 'content-type': 'application/soap+xml; charset=utf-8' },
      body: r.body,
    }))
    const prt = fc
      .record({
        authorization: negotiate,
        query,
        body: fc.oneof(
          formOf({
            grant_type: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
            request: ['eyJhbGciOiJSUzI1NiJ9.e30.AAAA', 'a.b.c'],
            client_id: ['38aa3b87-a06d-4817-b275-7a316988d93b'],
          }),
          body,
        ),
      })
      .map((r) => ({
        method: 'POST',
        url: `${STS}/adfs/oauth2/token${r.query}`,
        headers: { authorization: r.authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: r.body,
      }))
    const usernameMixed = fc
      .record({
        version: fc.constantFrom('2005', '13'),
        body: fc.oneof(
          rst,
          fc
            .record({ user: text, password: text })
            .map(
              (c) =>
                `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:o="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><s:Header><o:Security><o:UsernameToken><o:Username>${c.user}</o:Username><o:Password>${c.password}</o:Password></o:UsernameToken></o:Security></s:Header><s:Body/></s:Envelope>`,
            ),
        ),
        query,
      })
      .map((r) => ({
        method: 'POST',
        url: `${STS}/adfs/services/trust/${r.version}/usernamemixed${r.query}`,
        headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
        body: r.body,
      }))
    const mex = fc.record({ query, headers }).map((r) => ({
      method: 'GET',
      url: `${STS}/adfs/services/trust/mex${r.query}`,
      headers: r.headers,
    }))
    await fuzz(
      'adfs WS-Trust (windowstransport, usernamemixed, mex) and oauth2/token',
      fc.oneof(transport, usernameMixed, mex, prt),
      (input) => expectServiceAnswer(input, input.url.includes('/trust/') ? ['ws-trust'] : ['adfs']),
      250,
    )
  })

  it('serves the MDM terms of use whatever the query and headers', async () => {
    emulateTenant(contosoHybrid(true))
    const request = fc.record({ query, headers }).map((r) => ({
      method: 'GET',
      url: `https://portal.manage.microsoft.com/TermsofUse.aspx${r.query}`,
      headers: r.headers,
    }))
    await fuzz('mdm terms of use', request, (input) => expectServiceAnswer(input, []), 100)
  })
})
