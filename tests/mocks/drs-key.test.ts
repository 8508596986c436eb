import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { userAssertion } from '../../mocks/adfs.ts'
import { contosoFederated, contosoManaged, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { passwordToken, samlBearerToken } from '../support/device-requests.ts'
import { joinOutsideDevice, outsideDeviceKeys, prtRequestJwt } from '../support/outside-device.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const TOKEN = 'https://login.microsoftonline.com/common/oauth2/token'
const KEY = 'https://enterpriseregistration.windows.net/EnrollmentServer/key/?api-version=1.0'
const WINDOWS_SIGN_IN = '38aa3b87-a06d-4817-b275-7a316988d93b'

async function post(form: Record<string, string>) {
  const response = await fetch(TOKEN, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })
  return (await response.json()) as Record<string, string>
}

/** A joined device, its PRT (by password or by an AD FS assertion), and the DRS token redeemed from it. */
async function deviceToken(credentials: Record<string, string>, joinToken?: string): Promise<string> {
  const device = await joinOutsideDevice({}, joinToken)
  const { Nonce } = await post({ grant_type: 'srv_challenge' })
  const payload = {
    client_id: WINDOWS_SIGN_IN,
    request_nonce: Nonce,
    scope: 'openid aza ugs',
    ...credentials,
  }
  const request = await prtRequestJwt(payload, device.certificateBase64, device.signingKey)
  const prt = await post({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    request,
    client_info: '1',
  })
  const drs = await post({
    grant_type: 'refresh_token',
    client_id: WINDOWS_SIGN_IN,
    resource: 'urn:ms-drs:enterpriseregistration.windows.net',
    refresh_token: prt.refresh_token!,
  })
  return drs.access_token!
}

const byPassword = {
  grant_type: 'password',
  username: 'adele.vance@contoso.com',
  password: 'Pa55w.rd-Contoso',
}

async function registerKey(token: string, kngc?: string, url = KEY) {
  const body = { kngc: kngc ?? transportKeyBase64((await outsideDeviceKeys()).spki) }
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'Dsreg/10.0 (Windows 10.0.19044.1826)',
    },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    body: await response.json(),
    requestId: response.headers.get('request-id'),
  }
}

function withoutMfaRule(fixture: TenantFixture): TenantFixture {
  return { ...fixture, keyRegistrationRequiresMfa: false }
}

describe('Windows Hello for Business key registration', () => {
  it('registers a key for the user of a joined device, with a token carrying deviceid, and answers kid and upn', async () => {
    const { tenant } = emulateTenant(withoutMfaRule(contosoManaged()))
    const token = await deviceToken(byPassword)
    expect(decodeJwt(token).deviceid).toBeTruthy()
    const { status, body, requestId } = await registerKey(token)
    expect(status).toBe(200)
    expect(body).toEqual({ kid: expect.any(String), upn: 'adele.vance@contoso.com' })
    expect(requestId).toBeTruthy()
    expect(tenant.devices.has(String(decodeJwt(token).deviceid))).toBe(true)
  })

  it('refuses a single-factor token where the tenant requires MFA (401), and accepts an MFA one from AD FS', async () => {
    const { tenant } = emulateTenant(contosoFederated())
    const megan = tenant.fixture.users.find((user) => user.upn === 'megan.bowen@contoso.com')!
    const single = await userAssertion(tenant, megan, false)
    // A federated user joins with the DRS token Azure AD gives for an AD FS assertion.
    const joinToken = (await (await samlBearerToken(single)).json()).access_token
    const saml = (xml: string) => ({
      grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
      assertion: Buffer.from(xml).toString('base64'),
    })
    const refused = await registerKey(await deviceToken(saml(single), joinToken))
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({ code: 'AuthenticationError', response: 'ERROR_FAIL' })
    expect(refused.body.message).toContain('multi-factor')
    const multi = await userAssertion(tenant, megan, true)
    const accepted = await registerKey(await deviceToken(saml(multi), joinToken))
    expect(accepted).toMatchObject({ status: 200, body: { upn: 'megan.bowen@contoso.com' } })
  })

  it('refuses a token without deviceid (401), a bad key or api-version (400), in MS-KPP ErrorDetails', async () => {
    emulateTenant(withoutMfaRule(contosoManaged()))
    const plain = (await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json())
      .access_token
    const noDevice = await registerKey(plain)
    expect(noDevice.status).toBe(401)
    expect(noDevice.body.message).toContain('deviceid')
    const token = await deviceToken(byPassword)
    const badKey = await registerKey(token, 'bm90IGEga2V5')
    expect(badKey).toMatchObject({ status: 400, body: { code: 'InvalidRequest', target: 'key' } })
    const version = await registerKey(token, undefined, KEY.replace('1.0', '2.0'))
    expect(version.status).toBe(400)
    expect(version.body.message).toContain("api-version '2.0'")
    expect(version.body.innererror).toEqual({ trace: 'null', context: 'null' })
    const anonymous = await registerKey('')
    expect(anonymous.status).toBe(401)
  })
})
