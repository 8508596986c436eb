import { base64url } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { joinOutsideDevice, outsideDeviceKeys, prtRequestJwt } from '../support/outside-device.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

/** The JWK form of a transport key as roadtx sends it for macOS and Android: standard base64 members. */
async function jwkTransportKey(spki: Uint8Array, extra: Record<string, string> = {}): Promise<string> {
  const key = await crypto.subtle.importKey(
    'spki',
    spki as BufferSource,
    { name: 'RSA-OAEP', hash: 'SHA-1' },
    true,
    ['encrypt'],
  )
  const { n, e } = await crypto.subtle.exportKey('jwk', key)
  const standard = (value: string) => Buffer.from(base64url.decode(value)).toString('base64')
  const jwk = {
    kty: 'RSA',
    e: standard(e!),
    n: standard(n!),
    alg: 'RS256',
    kid: crypto.randomUUID().toUpperCase(),
    ...extra,
  }
  return Buffer.from(JSON.stringify(jwk)).toString('base64')
}

describe('devices other than Windows', () => {
  it('registers an Android device with a JWK transport key, and wraps its PRT session key to that key', async () => {
    emulateTenant(contosoManaged())
    const keys = await outsideDeviceKeys()
    const device = await joinOutsideDevice({
      DeviceType: 'Android',
      OSVersion: '13.0',
      TargetDomain: '9d53c6fa-b38e-4509-8fb1-51dedb421aac',
      JoinType: 4,
      TransportKey: await jwkTransportKey(keys.spki),
      CertificateRequest: { Type: 'pkcs10', Data: keys.csrBase64 },
    })
    const token = 'https://login.microsoftonline.com/common/oauth2/token'
    const post = async (form: Record<string, string>) =>
      (await fetch(token, { method: 'POST', body: new URLSearchParams(form) })).json()
    const { Nonce } = await post({ grant_type: 'srv_challenge' })
    const request = await prtRequestJwt(
      {
        client_id: '38aa3b87-a06d-4817-b275-7a316988d93b',
        request_nonce: Nonce,
        scope: 'openid aza ugs',
        grant_type: 'password',
        username: 'adele.vance@contoso.com',
        password: 'Pa55w.rd-Contoso',
      },
      device.certificateBase64,
      keys.signingKey,
    )
    const prt = await post({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', request })
    const wrapped = base64url.decode(prt.session_key_jwe.split('.')[1])
    const sessionKey = await crypto.subtle.decrypt(
      { name: 'RSA-OAEP' },
      keys.transportPrivateKey,
      wrapped as BufferSource,
    )
    expect(sessionKey.byteLength).toBe(32)
  })

  it('refuses a JWK transport key carrying the private exponent, or not RSA', async () => {
    emulateTenant(contosoManaged())
    const keys = await outsideDeviceKeys()
    await expect(
      joinOutsideDevice({ TransportKey: await jwkTransportKey(keys.spki, { d: 'AQAB' }) }),
    ).rejects.toThrow(/InvalidTransportKey.*must not carry the private key/)
    await expect(
      joinOutsideDevice({ TransportKey: await jwkTransportKey(keys.spki, { kty: 'EC' }) }),
    ).rejects.toThrow(/kty 'EC' is not RSA/)
  })
})
