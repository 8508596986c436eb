import { describe, expect, it } from 'vitest'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import {
  publishUserCertificate,
  requestHybridJoin,
  signClientIdentity,
} from '../../src/device/hybrid-join.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { tenantHostDeps } from '../../src/engine/tenant-host.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const keys = createPlatformKeyProvider()
const drs = {
  joinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
  joinServiceVersion: '2.0',
}
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
  const join = async (signingKey = certificateKey, signedMsAgo = 0, target = scp) =>
    requestHybridJoin(fetch, {
      drs,
      computer,
      deviceName: 'DESKTOP-7Q2K9LM',
      scp: target,
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

  it("refuses a proof signed by a key other than the synced certificate's", async () => {
    const { join } = await hybridSetup(true)
    const response = await join(await keys.createKeyPair('device'))
    expect(response.status).toBe(401)
    expect((await response.json()).Message).toBe(
      '"ClientIdentity.SignedBlob" does not verify with the userCertificate Azure AD holds for this device.',
    )
  })

  it('refuses a proof signed ten minutes ago', async () => {
    const { join } = await hybridSetup(true)
    const response = await join(undefined, 10 * 60_000)
    expect(response.status).toBe(401)
    expect((await response.json()).Message).toBe(
      '"ClientIdentity.Sid" is stale: its timestamp is more than five minutes off.',
    )
  })

  it('refuses a join that names another tenant than its own', async () => {
    const { join } = await hybridSetup(true)
    const response = await join(undefined, 0, {
      tenantName: 'fabrikam.com',
      tenantId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      ErrorType: 'DirectoryError',
      Message:
        '"ServerAdJoinData.TargetDomain" and "TargetDomainId" ("fabrikam.com", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0") do not name this tenant.',
    })
  })

  it('accepts the tenant ID as TargetDomain (as roadtx sends it) but still wants TargetDomainId to be this tenant', async () => {
    const byId = await hybridSetup(true)
    const accepted = await byId.join(undefined, 0, { tenantName: scp.tenantId, tenantId: scp.tenantId })
    expect(accepted.status).toBe(200)
    const other = await hybridSetup(true)
    const refused = await other.join(undefined, 0, {
      tenantName: scp.tenantId,
      tenantId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    })
    expect(refused.status).toBe(400)
    expect((await refused.json()).ErrorType).toBe('DirectoryError')
  })

  it("refuses a path that is not an objectGUID, and a body without the device's name", async () => {
    await hybridSetup(true)
    const put = (path: string, body: unknown) =>
      fetch(`https://enterpriseregistration.windows.net/EnrollmentServer/device/${path}?api-version=2.0`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await (await put('DESKTOP-7Q2K9LM', { JoinType: 6 })).json()).Message).toBe(
      '"DESKTOP-7Q2K9LM" in the path is not an objectGUID.',
    )
    const unnamed = {
      JoinType: 6,
      ServerAdJoinData: {
        TargetDomain: 'contoso.com',
        DeviceType: 'Windows',
        OSVersion: '10.0.22631.4460',
        TargetDomainId: scp.tenantId,
      },
    }
    const response = await put('b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d', unnamed)
    expect(response.status).toBe(400)
    expect((await response.json()).Message).toBe('"ServerAdJoinData.DeviceDisplayName" is missing.')
  })

  it('accepts a fresh proof from the synced computer and names the device after its objectGUID', async () => {
    const { join } = await hybridSetup(true)
    const response = await join()
    expect(response.status).toBe(200)
    expect((await response.json()).User).toEqual({ Upn: 'DESKTOP-7Q2K9LM$@corp.contoso.com' })
  })
})
