import { base64url, compactDecrypt, decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { CLIENT_CERTIFICATE_HEADER } from '../../mocks/drs-delete.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { joinOutsideDevice, outsideDeviceKeys, prtRequestJwt } from '../support/outside-device.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const TOKEN = 'https://login.microsoftonline.com/common/oauth2/token'
const WINDOWS_SIGN_IN = '38aa3b87-a06d-4817-b275-7a316988d93b'

async function post(form: Record<string, string>) {
  const response = await fetch(TOKEN, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })
  return { status: response.status, body: await response.json() }
}

const nonce = async (): Promise<string> => (await post({ grant_type: 'srv_challenge' })).body.Nonce

function prtPayload(requestNonce: string, password = 'Pa55w.rd-Contoso') {
  return {
    client_id: WINDOWS_SIGN_IN,
    request_nonce: requestNonce,
    scope: 'openid aza ugs',
    group_sids: [],
    win_ver: '10.0.19041.868',
    grant_type: 'password',
    username: 'adele.vance@contoso.com',
    password,
  }
}

const askPrt = (request: string) =>
  post({
    windows_api_version: '2.2',
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    request,
    client_info: '1',
    tgt: 'true',
  })

describe('Primary Refresh Token', () => {
  it('answers srv_challenge with a nonce before any client check', async () => {
    emulateTenant(contosoManaged())
    const { status, body } = await post({ grant_type: 'srv_challenge' })
    expect(status).toBe(200)
    expect(Object.keys(body)).toEqual(['Nonce'])
    expect(body.Nonce).toMatch(/^AwABAAEAAAACAOz_BAD0_/)
  })

  it('issues a PRT and a session key only the device transport key unwraps', async () => {
    emulateTenant(contosoManaged())
    const device = await joinOutsideDevice()
    const request = await prtRequestJwt(
      prtPayload(await nonce()),
      device.certificateBase64,
      device.signingKey,
    )
    const { status, body } = await askPrt(request)
    expect(status).toBe(200)
    expect(body).toMatchObject({ token_type: 'Bearer', refresh_token_expires_in: '1209600' })
    expect(body.refresh_token).toMatch(/^0\.A/)
    expect(decodeProtectedHeader(body.session_key_jwe)).toEqual({ enc: 'A256GCM', alg: 'RSA-OAEP' })
    // roadtx's way: the JWE's encrypted key, unwrapped RSA-OAEP with the transport key, is the session key.
    const wrapped = base64url.decode(body.session_key_jwe.split('.')[1])
    const sessionKey = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, device.transportPrivateKey, wrapped as BufferSource),
    )
    expect(sessionKey).toHaveLength(32)
    await expect(compactDecrypt(body.session_key_jwe, device.transportPrivateKey)).resolves.toBeTruthy()
    const id = decodeJwt(body.id_token)
    expect(id).toMatchObject({ upn: 'adele.vance@contoso.com', aud: WINDOWS_SIGN_IN })
    expect(id.deviceid).toBeTruthy()
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(body.client_info))).uid).toBe(id.oid)
  })

  it('refuses a stale or made-up nonce (AADSTS140000) and a wrong password (50126)', async () => {
    const { clock } = emulateTenant(contosoManaged())
    const device = await joinOutsideDevice()
    const old = await nonce()
    clock.advance(6 * 60_000)
    const stale = await askPrt(
      await prtRequestJwt(prtPayload(old), device.certificateBase64, device.signingKey),
    )
    expect(stale.body).toMatchObject({ error: 'invalid_grant', error_codes: [140000] })
    const madeUp = await askPrt(
      await prtRequestJwt(prtPayload('AwABAAEAAAACAOz_BAD0_x'), device.certificateBase64, device.signingKey),
    )
    expect(madeUp.body.error_codes).toEqual([140000])
    const wrong = await askPrt(
      await prtRequestJwt(prtPayload(await nonce(), 'nope'), device.certificateBase64, device.signingKey),
    )
    expect(wrong.body.error_codes).toEqual([50126])
  })

  it('refuses a request signed by another key, and a device that was deleted (AADSTS50155)', async () => {
    emulateTenant(contosoManaged())
    const device = await joinOutsideDevice()
    const stranger = await outsideDeviceKeys()
    const forged = await askPrt(
      await prtRequestJwt(prtPayload(await nonce()), device.certificateBase64, stranger.signingKey),
    )
    expect(forged.body).toMatchObject({ error: 'invalid_grant', error_codes: [50155] })
    const deviceId = decodeJwt(
      (
        await askPrt(
          await prtRequestJwt(prtPayload(await nonce()), device.certificateBase64, device.signingKey),
        )
      ).body.id_token,
    ).deviceid as string
    const deleted = await fetch(
      `https://enterpriseregistration.windows.net/EnrollmentServer/device/${deviceId}`,
      {
        method: 'DELETE',
        headers: { [CLIENT_CERTIFICATE_HEADER]: device.certificateBase64 },
      },
    )
    expect(deleted.status).toBe(200)
    const after = await askPrt(
      await prtRequestJwt(prtPayload(await nonce()), device.certificateBase64, device.signingKey),
    )
    expect(after.body.error_codes).toEqual([50155])
    expect(after.body.error_description).toContain('is not registered with this certificate')
  })
})
