import fc from 'fast-check'
import { describe, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { emulateTenant } from '../support/tenant-harness.ts'
import { body, expectServiceAnswer, fuzz, headers, query, segment, text } from './fuzz.ts'

const LOGIN = 'https://login.microsoftonline.com'
const TENANT_ID = '9d53c6fa-b38e-4509-8fb1-51dedb421aac'
const tenantSegment = fc.oneof(fc.constantFrom(TENANT_ID, 'contoso.com', 'common', 'organizations'), segment)

// A form the token endpoint might get: each field known, random or missing, plus random extras.
const field = (...known: string[]) => fc.option(fc.oneof(fc.constantFrom(...known), text), { nil: undefined })
const tokenForm = fc
  .record({
    grant_type: field(
      'password',
      'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
      'urn:ietf:params:oauth:grant-type:saml2-bearer',
      'urn:ietf:params:oauth:grant-type:device_code',
      'srv_challenge',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'refresh_token',
      'authorization_code',
      'client_credentials',
    ),
    scope: field(
      'urn:ms-drs:enterpriseregistration.windows.net/.default openid offline_access',
      'https://graph.microsoft.com/User.Read https://management.azure.com/.default',
      '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9/.default',
    ),
    refresh_token: field('0.emulated.00000000-0000-4000-8000-000000000001'),
    device_code: field('00000000-0000-4000-8000-000000000001'),
    code: field('x'),
    request: field('eyJhbGciOiJSUzI1NiJ9.e30.AAAA', 'a.b.c'),
    client_id: field('dd762716-544d-4aeb-a526-687b73838a22', '1b730954-1685-4b74-9bfd-dac224a7b894'),
    resource: field('urn:ms-drs:enterpriseregistration.windows.net', '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9'),
    username: field('adele.vance@contoso.com', 'ADELE.VANCE@CONTOSO.COM'),
    password: field('Pa55w.rd-Contoso'),
    assertion: field('PHNhbWw-PC9zYW1sPg', 'PD94bWwgdmVyc2lvbj0iMS4wIj8-'),
  })
  .chain((known) =>
    fc.dictionary(text, text, { maxKeys: 3 }).map((extra) => {
      const form = new URLSearchParams()
      for (const [name, value] of Object.entries({ ...extra, ...known }))
        if (value !== undefined) form.append(name, value)
      return form.toString()
    }),
  )

describe('fuzzing the emulated Azure AD', () => {
  it('answers openid-configuration, keys, instance discovery and user realm (v1 and v2.0) with 200 or its own error, never a 500', async () => {
    emulateTenant(contosoManaged())
    const request = fc.oneof(
      fc.record({ tenant: tenantSegment, query, headers }).map((r) => ({
        method: 'GET',
        url: `${LOGIN}/${r.tenant}/.well-known/openid-configuration${r.query}`,
        headers: r.headers,
      })),
      fc.record({ query, headers }).map((r) => ({
        method: 'GET',
        url: `${LOGIN}/common/discovery/keys${r.query}`,
        headers: r.headers,
      })),
      fc.record({ tenant: tenantSegment, query, headers }).map((r) => ({
        method: 'GET',
        url: `${LOGIN}/${r.tenant}/v2.0/.well-known/openid-configuration${r.query}`,
        headers: r.headers,
      })),
      fc.record({ tenant: tenantSegment, query, headers }).map((r) => ({
        method: 'GET',
        url: `${LOGIN}/${r.tenant}/discovery/v2.0/keys${r.query}`,
        headers: r.headers,
      })),
      fc.record({ query, headers }).map((r) => ({
        method: 'GET',
        url: `${LOGIN}/common/discovery/instance${r.query}`,
        headers: r.headers,
      })),
      fc.record({ upn: segment, query, headers }).map((r) => ({
        method: 'GET',
        url: `${LOGIN}/common/userrealm/${r.upn}${r.query}`,
        headers: r.headers,
      })),
    )
    await fuzz('azure-ad GET endpoints', request, (input) => expectServiceAnswer(input, ['azure-ad']), 300)
  })

  it('answers the token (PRT grants included) and device code endpoints (v1 and v2.0) with tokens or its own error, never a 500', async () => {
    emulateTenant(contosoManaged())
    const request = fc
      .record({
        tenant: tenantSegment,
        endpoint: fc.constantFrom(
          'oauth2/token',
          'oauth2/v2.0/token',
          'oauth2/devicecode',
          'oauth2/v2.0/devicecode',
        ),
        query,
        headers,
        body: fc.oneof({ weight: 3, arbitrary: tokenForm }, { weight: 1, arbitrary: body }),
      })
      .map((r) => ({
        method: 'POST',
        url: `${LOGIN}/${r.tenant}/${r.endpoint}${r.query}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...r.headers },
        body: r.body,
      }))
    await fuzz(
      'azure-ad POST token and devicecode',
      request,
      (input) => expectServiceAnswer(input, ['azure-ad']),
      200,
    )
  })
})
