import { describe, expect, it } from 'vitest'
import { contosoHybrid, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { buildSelfSignedCertificate } from '../../src/device/self-signed-certificate.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const OBJECT_GUID = 'b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d'
const COMPUTER = 'CN=DESKTOP-7Q2K9LM,CN=Computers,DC=corp,DC=contoso,DC=com'

async function forest(change: (fixture: TenantFixture) => void = () => {}) {
  const fixture = contosoHybrid(false)
  change(fixture)
  const { tenant, clock } = emulateTenant(fixture)
  const publish = async (name: string) => {
    const key = await createPlatformKeyProvider().createKeyPair('device')
    const { base64 } = await buildSelfSignedCertificate(key, name, clock.now())
    tenant.directory!.modify(
      COMPUTER,
      [{ operation: 'replace', attribute: 'userCertificate', values: [base64] }],
      COMPUTER,
    )
    return base64
  }
  return { tenant, clock, publish, sync: () => tenant.aadConnect!.runCycle() }
}

describe('Azure AD Connect', () => {
  it('creates the device object, named by objectGUID, from a computer carrying its join certificate', async () => {
    const { tenant, publish, sync } = await forest()
    const certificate = await publish(OBJECT_GUID)
    expect(sync().exported).toEqual([
      { deviceId: OBJECT_GUID, displayName: 'DESKTOP-7Q2K9LM', action: 'create' },
    ])
    expect(tenant.devices.get(OBJECT_GUID)).toMatchObject({
      joinType: 6,
      userCertificates: [certificate],
      onPremObjectSid: expect.stringMatching(/^S-1-5-21-/),
    })
    expect(sync().exported[0]!.action).toBe('update')
  })

  it('passes over a computer whose userCertificate is named after something else', async () => {
    const { tenant, publish, sync } = await forest()
    await publish('some-other-name')
    const report = sync()
    expect(report.exported).toEqual([])
    expect(report.passedOver).toEqual([
      {
        dn: COMPUTER,
        reason:
          'No userCertificate value is a valid certificate named CN=<objectGUID>, the one hybrid join writes.',
      },
    ])
    expect(tenant.devices.has(OBJECT_GUID)).toBe(false)
  })

  it("exports nothing from a computer with no userCertificate, and runs on the fixture's interval", async () => {
    const { tenant, sync } = await forest((fixture) => void (fixture.onPremises!.syncIntervalMinutes = 15))
    expect(sync().imported).toEqual([])
    const start = Date.UTC(2026, 10, 25, 8, 7, 0)
    expect(tenant.aadConnect!.nextCycleAt(start) - start).toBe(8 * 60_000)
  })

  it('reports a suspended cycle without touching Azure AD', async () => {
    const { tenant, publish, sync } = await forest((fixture) => void (fixture.onPremises!.skipSyncCycles = 1))
    await publish(OBJECT_GUID)
    expect(sync().skipped).toBe('The sync scheduler is suspended: this cycle did not run.')
    expect(tenant.devices.has(OBJECT_GUID)).toBe(false)
    expect(sync().exported).toHaveLength(1)
  })
})
