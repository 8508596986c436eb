import { describe, expect, it } from 'vitest'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import { publishUserCertificate, requestHybridJoin, signClientIdentity } from '../../src/device/hybrid-join.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { tenantHostDeps } from '../../src/engine/tenant-host.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const keys = createPlatformKeyProvider()
const drs = { joinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/', joinServiceVersion: '2.0' }
const scp = { tenantName: 'contoso.com', tenantId: '9d53c6fa-b38e-4509-8fb1-51dedb421aac' }

async function hybridSetup(synced: boolean) {
  const { tenant, clock } = emulateTenant(contosoHybrid(false))
  const host = tenantHostDeps(tenant)
  const computer = host.store.computer!
  const certificateKey = await keys.createKeyPair('device')
  await publishUserCertificate(host.directory!, computer, certificateKey, clock.now())
  if (synced) tenant.aadConnect!.runCycle()
  const deviceKey = await keys.createKeyPair('device')
  const csr = await buildCertificateRequest(deviceKey)
  const join = async (signingKey = certificateKey, signedMsAgo = 0) =>
    requestHybridJoin(fetch, {
      drs,
      computer,
      deviceName: 'DESKTOP-7Q2K9LM',
      scp,
      clientIdentity: await signClientIdentity(computer, signingKey, clock.now() - signedMsAgo),
      csrBase64: csr.base64,
      transportKey: transportKeyBase64(deviceKey.publicKeySpki),
    })
  return { join, clock }
}

describe('DRS hybrid join (PUT)', () => {
  it('refuses a computer Azure AD Connect has not synced yet, as 0x801c03f2 does', async () => {
    const { join } = await hybridSetup(false)
    const response = await join()
    expect(response.status).toBe(400)
    expect((await response.json()).ErrorType).toBe('DirectoryError')
  })

  it('refuses a proof signed by a key other than the synced certificate\'s', async () => {
    const { join } = await hybridSetup(true)
    const response = await join(await keys.createKeyPair('device'))
    expect(response.status).toBe(401)
    expect((await response.json()).Message).toBe('"ClientIdentity.SignedBlob" does not verify with the userCertificate Azure AD holds for this device.')
  })

  it('refuses a proof signed ten minutes ago', async () => {
    const { join } = await hybridSetup(true)
    const response = await join(undefined, 10 * 60_000)
    expect(response.status).toBe(401)
    expect((await response.json()).Message).toBe('"ClientIdentity.Sid" is stale: its timestamp is more than five minutes off.')
  })

  it('accepts a fresh proof from the synced computer and names the device after its objectGUID', async () => {
    const { join } = await hybridSetup(true)
    const response = await join()
    expect(response.status).toBe(200)
    expect((await response.json()).User).toEqual({ Upn: 'DESKTOP-7Q2K9LM$@corp.contoso.com' })
  })
})
