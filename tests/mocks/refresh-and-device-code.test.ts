import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  approveDeviceCode,
  approveDeviceCodesAs,
  ApprovalRefused,
  declineDeviceCode,
  pendingDeviceCodes,
} from '../../mocks/device-code.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { revokeSignInSessions } from '../../mocks/refresh-tokens.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const LOGIN = 'https://login.microsoftonline.com/contoso.com'
const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const AZURE_POWERSHELL = '1950a258-227b-4e31-a9cf-717495945fc2'
const WINDOWS_JOIN = 'dd762716-544d-4aeb-a526-687b73838a22'
const ADELE = '3f6c1b7e-52a4-4c1d-9a8b-1e2f3a4b5c6d'
const DAY = 24 * 3600_000

async function post(path: string, form: Record<string, string>) {
  const response = await fetch(`${LOGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })
  return { status: response.status, body: await response.json() }
}

async function v1RefreshToken(clientId = WINDOWS_JOIN): Promise<string> {
  const { body } = await post('/oauth2/token', {
    grant_type: 'password',
    client_id: clientId,
    resource: 'urn:ms-drs:enterpriseregistration.windows.net',
    username: 'adele.vance@contoso.com',
    password: 'Pa55w.rd-Contoso',
  })
  return body.refresh_token
}

const refreshV1 = (
  token: string,
  clientId = WINDOWS_JOIN,
  resource = 'urn:ms-drs:enterpriseregistration.windows.net',
) =>
  post('/oauth2/token', { grant_type: 'refresh_token', client_id: clientId, resource, refresh_token: token })

describe('refresh tokens', () => {
  it('are accepted back on v1 and v2.0 for the same user, and on v2.0 for another resource', async () => {
    emulateTenant(contosoManaged())
    const token = await v1RefreshToken(AZURE_CLI)
    const v1 = await refreshV1(token, AZURE_CLI)
    expect(v1.status).toBe(200)
    expect(decodeJwt(v1.body.access_token)).toMatchObject({ oid: ADELE, amr: ['pwd'] })
    const v2 = await post('/oauth2/v2.0/token', {
      grant_type: 'refresh_token',
      client_id: AZURE_CLI,
      scope: 'https://management.azure.com/.default offline_access',
      refresh_token: v1.body.refresh_token,
    })
    expect(v2.status).toBe(200)
    expect(decodeJwt(v2.body.access_token)).toMatchObject({ aud: 'https://management.azure.com', oid: ADELE })
  })

  it('are bound to their client, except within the family of client IDs', async () => {
    emulateTenant(contosoManaged())
    const joinToken = await v1RefreshToken(WINDOWS_JOIN)
    const stolen = await refreshV1(joinToken, AZURE_CLI)
    expect(stolen.status).toBe(400)
    expect(stolen.body).toMatchObject({ error: 'invalid_grant', error_codes: [70000] })
    const family = await refreshV1(await v1RefreshToken(AZURE_CLI), AZURE_POWERSHELL)
    expect(family.status).toBe(200)
    expect(decodeJwt(family.body.access_token).appid).toBe(AZURE_POWERSHELL)
  })

  it('refuses a made-up token, a revoked one (AADSTS50173) and one unused for 90 days (AADSTS700082)', async () => {
    const { tenant, clock } = emulateTenant(contosoManaged())
    expect((await refreshV1('0.Anot-a-token')).body.error_codes).toEqual([70000])
    const revoked = await v1RefreshToken()
    clock.advance(1000)
    revokeSignInSessions(tenant, ADELE)
    expect((await refreshV1(revoked)).body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] })
    const fresh = await v1RefreshToken()
    clock.advance(89 * DAY)
    const answer = await refreshV1(fresh)
    expect(answer.status).toBe(200)
    // Each use hands out a new token, which starts its own 90 days; the one used does not.
    const renewed: string = answer.body.refresh_token
    expect(renewed).not.toBe(fresh)
    clock.advance(2 * DAY)
    expect((await refreshV1(fresh)).body).toMatchObject({ error: 'invalid_grant', error_codes: [700082] })
    expect((await refreshV1(renewed)).status).toBe(200)
  })

  it('refuses a token altered by one character or sealed by another tenant (AADSTS70000)', async () => {
    emulateTenant(contosoManaged())
    const token = await v1RefreshToken()
    const last = token.at(-8) === 'A' ? 'B' : 'A'
    const altered = token.slice(0, -8) + last + token.slice(-7)
    expect((await refreshV1(altered)).body).toMatchObject({ error: 'invalid_grant', error_codes: [70000] })
    emulateTenant(contosoManaged()) // the same fixture, a new tenant with its own sealing key
    expect((await refreshV1(token)).body).toMatchObject({ error: 'invalid_grant', error_codes: [70000] })
  })
})

describe('device code flow', () => {
  const pollV2 = (deviceCode: string, clientId = AZURE_CLI) =>
    post('/oauth2/v2.0/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: clientId,
      scope: 'https://graph.microsoft.com/.default openid offline_access',
      device_code: deviceCode,
    })

  it('answers v2.0 codes, pending then slow_down then the tokens once the user approves', async () => {
    const { tenant, clock } = emulateTenant(contosoManaged())
    const { status, body: code } = await post('/oauth2/v2.0/devicecode', {
      client_id: AZURE_CLI,
      scope: 'https://graph.microsoft.com/.default openid offline_access',
    })
    expect(status).toBe(200)
    expect(code).toMatchObject({
      verification_uri: 'https://microsoft.com/devicelogin',
      expires_in: 900,
      interval: 5,
    })
    expect(code.user_code).toMatch(/^[A-Z0-9]{9}$/)
    expect(code.message).toContain(code.user_code)
    expect((await pollV2(code.device_code)).body).toMatchObject({
      error: 'authorization_pending',
      error_codes: [70016],
    })
    expect((await pollV2(code.device_code)).body.error).toBe('slow_down')
    clock.advance(5000)
    expect((await pollV2(code.device_code)).body.error).toBe('authorization_pending')
    expect(() => approveDeviceCode(tenant, code.user_code, 'adele.vance@contoso.com', 'wrong')).toThrow(
      ApprovalRefused,
    )
    approveDeviceCode(tenant, code.user_code.toLowerCase(), 'adele.vance@contoso.com', 'Pa55w.rd-Contoso')
    clock.advance(5000)
    const tokens = await pollV2(code.device_code)
    expect(tokens.status).toBe(200)
    expect(decodeJwt(tokens.body.id_token)).toMatchObject({ oid: ADELE, ver: '2.0' })
    expect((await pollV2(code.device_code)).body.error_codes).toEqual([70000]) // redeemed once
  })

  it('answers v1 codes with verification_url and string numbers, redeemed with `code`; refuses another client', async () => {
    const { tenant } = emulateTenant(contosoManaged())
    const { body: code } = await post('/oauth2/devicecode', {
      client_id: WINDOWS_JOIN,
      resource: 'urn:ms-drs:enterpriseregistration.windows.net',
    })
    expect(code).toMatchObject({
      verification_url: 'https://microsoft.com/devicelogin',
      expires_in: '900',
      interval: '5',
    })
    approveDeviceCode(tenant, code.user_code, 'adele.vance@contoso.com', 'Pa55w.rd-Contoso')
    const poll = (clientId: string) =>
      post('/oauth2/token', {
        grant_type: 'device_code',
        client_id: clientId,
        resource: 'urn:ms-drs:enterpriseregistration.windows.net',
        code: code.device_code,
      })
    expect((await poll(AZURE_CLI)).body.error_codes).toEqual([70000])
    const tokens = await poll(WINDOWS_JOIN)
    expect(tokens.status).toBe(200)
    expect(decodeJwt(tokens.body.access_token).aud).toBe('urn:ms-drs:enterpriseregistration.windows.net')
  })

  it('expires a code after 15 minutes (expired_token, AADSTS70019) and can approve every code for scripts', async () => {
    const { tenant, clock } = emulateTenant(contosoManaged())
    const ask = () => post('/oauth2/v2.0/devicecode', { client_id: AZURE_CLI, scope: 'openid' })
    const stale = (await ask()).body
    clock.advance(900_000)
    expect((await pollV2(stale.device_code)).body).toMatchObject({
      error: 'expired_token',
      error_codes: [70019],
    })
    expect(() =>
      approveDeviceCode(tenant, stale.user_code, 'adele.vance@contoso.com', 'Pa55w.rd-Contoso'),
    ).toThrow(/not a pending device code/)
    approveDeviceCodesAs(tenant, 'adele.vance@contoso.com')
    expect((await pollV2((await ask()).body.device_code)).status).toBe(200)
  })

  it('tells the polling client authorization_declined once the user denies, and lists the code no more', async () => {
    const { tenant } = emulateTenant(contosoManaged())
    const { body: code } = await post('/oauth2/v2.0/devicecode', { client_id: AZURE_CLI, scope: 'openid' })
    expect(pendingDeviceCodes(tenant)).toEqual([
      expect.objectContaining({
        userCode: code.user_code,
        clientId: AZURE_CLI,
        clientName: 'Microsoft Azure CLI',
      }),
    ])
    declineDeviceCode(tenant, code.user_code)
    expect(pendingDeviceCodes(tenant)).toEqual([])
    expect(() =>
      approveDeviceCode(tenant, code.user_code, 'adele.vance@contoso.com', 'Pa55w.rd-Contoso'),
    ).toThrow(/not a pending device code/)
    const declined = await pollV2(code.device_code)
    expect([declined.status, declined.body.error]).toEqual([400, 'authorization_declined'])
    expect((await pollV2(code.device_code)).body.error_codes).toEqual([70000]) // told once, then gone
  })
})
