import { base64url, decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const TENANT_ID = '9d53c6fa-b38e-4509-8fb1-51dedb421aac'
const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const V2_TOKEN = 'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token'

function post(url: string, form: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })
}

function passwordV2(scope: string, extra: Record<string, string> = {}) {
  return post(V2_TOKEN, {
    grant_type: 'password',
    client_id: AZURE_CLI,
    scope,
    username: 'adele.vance@contoso.com',
    password: 'Pa55w.rd-Contoso',
    client_info: '1',
    ...extra,
  })
}

describe('emulated Azure AD, v2.0 endpoints', () => {
  it('answers the v2.0 OpenID configuration with the v2 issuer and v2.0 endpoints', async () => {
    emulateTenant(contosoManaged())
    const byDomain = await (
      await fetch('https://login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration')
    ).json()
    expect(byDomain).toMatchObject({
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      token_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`,
      device_authorization_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/devicecode`,
      jwks_uri: `https://login.microsoftonline.com/${TENANT_ID}/discovery/v2.0/keys`,
    })
    const common = await (
      await fetch('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration')
    ).json()
    expect(common.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0')
    const keys = await (await fetch(byDomain.jwks_uri)).json()
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig' })
    const unknown = await fetch(
      'https://login.microsoftonline.com/fabrikam.com/v2.0/.well-known/openid-configuration',
    )
    expect((await unknown.json()).error_codes).toEqual([90002])
  })

  it('answers instance discovery for this cloud and refuses another host with invalid_instance', async () => {
    emulateTenant(contosoManaged())
    const ask = (endpoint: string) =>
      fetch(
        `https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(endpoint)}`,
      )
    const known = await (
      await ask('https://login.microsoftonline.com/contoso.com/oauth2/v2.0/authorize')
    ).json()
    expect(known.tenant_discovery_endpoint).toBe(
      'https://login.microsoftonline.com/contoso.com/v2.0/.well-known/openid-configuration',
    )
    expect(known.metadata[0].aliases).toContain('login.windows.net')
    const other = await ask('https://login.example.org/contoso.com/oauth2/v2.0/authorize')
    expect(other.status).toBe(400)
    expect(await other.json()).toMatchObject({ error: 'invalid_instance', error_codes: [50049] })
  })

  it('issues the v2 answer for a password grant: numeric lifetimes, scope, client_info and a v2 ID token', async () => {
    const { clock } = emulateTenant(contosoManaged())
    const response = await passwordV2(
      '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9/.default openid profile offline_access',
    )
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, foci: '1' })
    expect(body.scope.split(' ')).toEqual(
      expect.arrayContaining([
        '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9/.default',
        'openid',
        'profile',
        'offline_access',
      ]),
    )
    expect(body.refresh_token).toMatch(/^0\.A/)
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(body.client_info)))).toEqual({
      uid: '3f6c1b7e-52a4-4c1d-9a8b-1e2f3a4b5c6d',
      utid: TENANT_ID,
    })
    const access = decodeJwt(body.access_token)
    expect(access).toMatchObject({ aud: 'urn:ms-drs:enterpriseregistration.windows.net', appid: AZURE_CLI })
    const id = decodeJwt(body.id_token)
    expect(id).toMatchObject({
      ver: '2.0',
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      aud: AZURE_CLI,
      oid: '3f6c1b7e-52a4-4c1d-9a8b-1e2f3a4b5c6d',
      tid: TENANT_ID,
      preferred_username: 'adele.vance@contoso.com',
      exp: Math.floor(clock.now() / 1000) + 3599,
    })
  })

  it('maps scopes to resources: URI, app ID, a bare Graph scope; no refresh token without offline_access', async () => {
    emulateTenant(contosoManaged())
    const graph = await (await passwordV2('https://graph.microsoft.com/User.Read openid')).json()
    expect(decodeJwt(graph.access_token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      scp: 'User.Read',
    })
    expect(graph).not.toHaveProperty('refresh_token')
    const arm = await (await passwordV2('https://management.core.windows.net//.default')).json()
    expect(decodeJwt(arm.access_token).aud).toBe('https://management.azure.com')
    expect(arm).not.toHaveProperty('id_token')
    const bare = await (await passwordV2('User.Read offline_access')).json()
    expect(decodeJwt(bare.access_token).aud).toBe('https://graph.microsoft.com')
  })

  it('refuses two resources in one request (AADSTS28000), no scope (900144), and a wrong password (50126)', async () => {
    emulateTenant(contosoManaged())
    const two = await passwordV2(
      'https://graph.microsoft.com/.default 01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9/.default',
    )
    expect(await two.json()).toMatchObject({ error: 'invalid_scope', error_codes: [28000] })
    const none = await passwordV2('')
    expect(await none.json()).toMatchObject({ error: 'invalid_request', error_codes: [900144] })
    const wrong = await passwordV2('openid', { password: 'nope' })
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_codes: [50126] })
  })
})

describe('first-party clients the tenant knows', () => {
  it('refuses an unknown client with AADSTS700016, on v1 and v2.0', async () => {
    emulateTenant(contosoManaged())
    const v2 = await passwordV2('openid', { client_id: '11111111-2222-3333-4444-555555555555' })
    expect(v2.status).toBe(400)
    expect(await v2.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] })
    const v1 = await post('https://login.microsoftonline.com/contoso.com/oauth2/token', {
      grant_type: 'password',
      client_id: '11111111-2222-3333-4444-555555555555',
      resource: 'https://graph.microsoft.com',
      username: 'adele.vance@contoso.com',
      password: 'Pa55w.rd-Contoso',
    })
    expect((await v1.json()).error_codes).toEqual([700016])
  })

  it('gives a client only the resources it is pre-authorized for (AADSTS65002), and unknown ones 500011', async () => {
    emulateTenant(contosoManaged())
    const office = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
    const graph = await passwordV2('https://graph.microsoft.com/.default', { client_id: office })
    expect(graph.status).toBe(200)
    const drs = await passwordV2('urn:ms-drs:enterpriseregistration.windows.net/.default', {
      client_id: office,
    })
    expect(await drs.json()).toMatchObject({ error: 'invalid_grant', error_codes: [65002] })
    const unknown = await passwordV2('https://vault.example.org/.default')
    expect(await unknown.json()).toMatchObject({ error: 'invalid_resource', error_codes: [500011] })
  })

  it('refuses a grant type it does not know with AADSTS70003', async () => {
    emulateTenant(contosoManaged())
    const response = await passwordV2('openid', { grant_type: 'magic' })
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type', error_codes: [70003] })
  })
})
