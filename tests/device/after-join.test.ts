import { CompactEncrypt } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoManaged, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { createDeviceStore, type DeviceStore } from '../../src/device/device-store.ts'
import { dsregStatus } from '../../src/device/dsreg-status.ts'
import { processJoinResponse, requestJoin } from '../../src/device/join.ts'
import { createKeyMaterial } from '../../src/device/key-material.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { createSoftwareKeyProvider } from '../../src/device/keys/forge-provider.ts'
import type { KeyProvider } from '../../src/device/keys/key-provider.ts'
import {
  buildPrtRequest,
  processPrtResponse,
  processServerNonce,
  requestPrt,
  requestServerNonce,
  unwrapSessionKey,
} from '../../src/device/prt.ts'
import { completeRegistration } from '../../src/device/registration.ts'
import { processTokenResponse, requestPasswordToken } from '../../src/device/token.ts'
import { afterJoinActors } from '../../src/engine/after-join-actors.ts'
import type { RunClock } from '../../src/engine/run-clock.ts'
import type { JoinResult, KeyMaterial, PrtCredential } from '../../src/trace/ports.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const TENANT_ID = '9d53c6fa-b38e-4509-8fb1-51dedb421aac'
const TOKEN = `https://login.microsoftonline.com/${TENANT_ID}/oauth2/token`
const ADELE: Extract<PrtCredential, { kind: 'password' }> = {
  kind: 'password',
  username: 'adele.vance@contoso.com',
  password: 'Pa55w.rd-Contoso',
}

interface Joined {
  store: DeviceStore
  keys: KeyMaterial
  join: JoinResult
  provider: KeyProvider
  clock: RunClock
}

/** Joins a device with the device-side code only, as phases C–H would. */
async function joinedDevice(
  fixture: TenantFixture = contosoManaged(),
  provider = createPlatformKeyProvider(),
) {
  const { clock } = emulateTenant(fixture)
  const store = createDeviceStore()
  const tokens = await processTokenResponse(
    await requestPasswordToken(fetch, TOKEN, ADELE.username, ADELE.password),
  )
  const keys = await createKeyMaterial(provider, store)
  const join = await processJoinResponse(
    await requestJoin(fetch, {
      joinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
      serviceVersion: '2.0',
      accessToken: tokens.accessToken,
      csrBase64: keys.csrBase64,
      transportKey: keys.transportKey,
      targetDomain: 'contoso.com',
      deviceDisplayName: 'DESKTOP-TEST',
      joinType: 0,
    }),
  )
  await completeRegistration(store, { join, keys, tenant: { id: TENANT_ID, name: 'contoso.com' } })
  return { store, keys, join, provider, clock } satisfies Joined
}

const actorsOf = (device: Joined) =>
  afterJoinActors({ fetch, clock: device.clock, keys: device.provider, store: device.store })

async function signedRequest(
  device: Joined,
  nonce: string,
  deviceKey = device.store.keys.get(device.keys.deviceKeyContainerId)!,
) {
  return buildPrtRequest({ deviceKey, certificatePem: device.join.certificatePem, nonce, credential: ADELE })
}

describe.each([
  ['platform (WebCrypto)', createPlatformKeyProvider],
  ['software (node-forge)', createSoftwareKeyProvider],
])('first sign-in with the %s key provider', (_, makeProvider) => {
  it('gets a PRT and unwraps its session key with the transport key, keeping the key unreadable', async () => {
    const device = await joinedDevice(contosoManaged(), makeProvider())
    const nonce = await processServerNonce(await requestServerNonce(fetch))
    const { prt, sessionKey } = await processPrtResponse(
      await requestPrt(fetch, await signedRequest(device, nonce)),
      device.store.keys.get(device.keys.transportKeyContainerId)!,
    )
    expect(prt).toMatchObject({
      upn: 'adele.vance@contoso.com',
      expiresIn: 14 * 24 * 3600,
      sessionKeyBits: 256,
    })
    expect(prt.refreshToken).toMatch(/^0\.A/)
    expect(sessionKey).toMatchObject({
      type: 'secret',
      extractable: false,
      algorithm: { name: 'AES-GCM', length: 256 },
    })
  })
})

describe('first sign-in refusals', () => {
  it('is refused a PRT for a nonce older than five minutes (AADSTS140000)', async () => {
    const device = await joinedDevice()
    const nonce = await processServerNonce(await requestServerNonce(fetch))
    device.clock.advance(6 * 60_000)
    const answer = await requestPrt(fetch, await signedRequest(device, nonce))
    const refusal = processPrtResponse(answer, device.store.keys.get(device.keys.transportKeyContainerId)!)
    await expect(refusal).rejects.toMatchObject({
      code: 'TOKEN_REJECTED',
      message: expect.stringMatching(/^AADSTS140000/),
    })
  })

  it('is refused a PRT when the request is signed by a key other than the certificate’s (AADSTS50155)', async () => {
    const device = await joinedDevice()
    const nonce = await processServerNonce(await requestServerNonce(fetch))
    const otherKey = await createPlatformKeyProvider().createKeyPair('device')
    const answer = await requestPrt(fetch, await signedRequest(device, nonce, otherKey))
    const refusal = processPrtResponse(answer, device.store.keys.get(device.keys.transportKeyContainerId)!)
    await expect(refusal).rejects.toMatchObject({
      code: 'TOKEN_REJECTED',
      message: expect.stringMatching(/^AADSTS50155/),
    })
  })

  it('cannot open a session key sealed to another transport key', async () => {
    const device = await joinedDevice()
    const nonce = await processServerNonce(await requestServerNonce(fetch))
    const answer = await requestPrt(fetch, await signedRequest(device, nonce))
    const otherTransportKey = await createPlatformKeyProvider().createKeyPair('transport')
    await expect(processPrtResponse(answer, otherTransportKey)).rejects.toMatchObject({
      code: 'KEY_GENERATION_FAILED',
      message: expect.stringMatching(/sealed to another key/),
    })
  })

  it('refuses a session key whose JWE tag does not verify with it', async () => {
    const transportKey = await createPlatformKeyProvider().createKeyPair('transport')
    const publicKey = await crypto.subtle.importKey(
      'spki',
      transportKey.publicKeySpki as BufferSource,
      { name: 'RSA-OAEP', hash: 'SHA-1' },
      false,
      ['encrypt'],
    )
    const jwe = await new CompactEncrypt(new Uint8Array(0))
      .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM' })
      .encrypt(publicKey)
    await expect(unwrapSessionKey(jwe, transportKey)).resolves.toBeTruthy()
    const parts = jwe.split('.')
    parts[4] = 'AAAAAAAAAAAAAAAAAAAAAA'
    await expect(unwrapSessionKey(parts.join('.'), transportKey)).rejects.toMatchObject({
      code: 'RESPONSE_MALFORMED',
      message: expect.stringMatching(/tag does not verify/),
    })
  })
})

describe('Windows Hello for Business key', () => {
  it('is refused without a second factor behind the PRT, in the key service’s words (401)', async () => {
    const device = await joinedDevice()
    const actors = actorsOf(device)
    const prt = await actors.requestPrimaryRefreshToken({
      join: device.join,
      keys: device.keys,
      credential: ADELE,
    })
    await expect(actors.registerHelloKey({ prt })).rejects.toMatchObject({
      code: 'TOKEN_REJECTED',
      message: expect.stringMatching(/^The key service answered 401 AuthenticationError: .*amr \(pwd\)/),
    })
    expect(dsregStatus(device.store)['User State']).toEqual({ NgcSet: 'NO' })
  })

  it('registers a fresh NGC key where the tenant waives the second factor, and dsregcmd shows it', async () => {
    const device = await joinedDevice({ ...contosoManaged(), keyRegistrationRequiresMfa: false })
    const actors = actorsOf(device)
    const prt = await actors.requestPrimaryRefreshToken({
      join: device.join,
      keys: device.keys,
      credential: ADELE,
    })
    const key = await actors.registerHelloKey({ prt })
    expect(key.upn).toBe('adele.vance@contoso.com')
    expect(key.kid).not.toBe('')
    const ngcKey = device.store.keys.get(key.keyContainerId)!
    expect(ngcKey.purpose).toBe('ngc')
    expect([device.keys.deviceKeyContainerId, device.keys.transportKeyContainerId]).not.toContain(
      key.keyContainerId,
    )
    const status = dsregStatus(device.store)
    expect(status['SSO State']).toMatchObject({
      AzureAdPrt: 'YES',
      AzureAdPrtAuthority: `https://login.microsoftonline.com/${TENANT_ID}`,
    })
    expect(status['User State']).toEqual({ NgcSet: 'YES', NgcKeyId: `{${key.keyContainerId.toUpperCase()}}` })
  })
})
