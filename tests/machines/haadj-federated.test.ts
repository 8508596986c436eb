import { describe, expect, it } from 'vitest'
import { contosoHybrid, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { tenantHostDeps } from '../../src/engine/tenant-host.ts'
import { opensslVerify } from '../support/openssl.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

async function run(change: (fixture: TenantFixture) => void = () => {}) {
  const fixture = contosoHybrid(true)
  change(fixture)
  const { tenant, clock } = emulateTenant(fixture)
  const { trace, store } = await runHeadless({
    ...tenantHostDeps(tenant),
    scenario: 'haadj-federated',
    answers: { username: '', passwords: [], termsOfUse: 'accept' },
    clock,
  })
  return { trace, tenant, store }
}

describe('haadj-federated', () => {
  it('walks phases A to G: SCP, AD FS for the computer, keys, enterprise PRT, join, write-back', async () => {
    const { trace, tenant, store } = await run()
    expect(trace.outcome).toBe('registered')
    expect([...new Set(trace.steps.map((step) => step.phase))]).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G'])
    const calls = trace.steps.flatMap((step) =>
      step.exchanges.map(
        (x) => `${step.phase} ${x.protocol} ${x.to} ${x.request.method} ${x.response.status}`,
      ),
    )
    expect(calls).toEqual([
      'B ldap onprem-ad search 0',
      'B http drs GET 200',
      'C http azure-ad GET 200',
      'C http adfs POST 200',
      'C http azure-ad POST 200',
      'E http adfs POST 200',
      'F http drs POST 200',
      'G sync onprem-ad import 0',
      'G sync azure-ad export 200',
      'G sync onprem-ad add 0',
    ])
    expect(trace.artifacts.deviceId).toBe('b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d')
    expect(opensslVerify(trace.artifacts.caCertificate!, trace.artifacts.deviceCertificate!).ok).toBe(true)
    const writtenBack = tenant.directory!.search({
      base: 'CN=RegisteredDevices,DC=corp,DC=contoso,DC=com',
      scope: 'one',
      filter: '(objectClass=msDS-Device)',
      attributes: ['msDS-DeviceID'],
    })
    expect(writtenBack).toEqual([
      {
        dn: 'CN=b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d,CN=RegisteredDevices,DC=corp,DC=contoso,DC=com',
        attributes: { 'msDS-DeviceID': ['b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d'] },
      },
    ])
    expect(trace.device?.['SSO State']).toMatchObject({
      EnterprisePrt: 'YES',
      EnterprisePrtAuthority: 'https://sts.contoso.com/adfs/',
    })
    expect(store.enterprisePrt).toEqual({ authority: 'https://sts.contoso.com/adfs/' })
  })

  it('ends in SERVICE_UNAVAILABLE at phase C when AD FS is down', async () => {
    const { trace } = await run((fixture) => void (fixture.unavailable = ['adfs']))
    expect(trace.failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', phase: 'C' })
  })

  it('ends in SCP_NOT_FOUND at phase B when AD has no service connection point, before AD FS is asked', async () => {
    const { trace } = await run((fixture) => void (fixture.onPremises!.scpKeywords = null))
    expect(trace.failure).toMatchObject({ code: 'SCP_NOT_FOUND', phase: 'B' })
    expect(trace.steps.flatMap((step) => step.exchanges).some((exchange) => exchange.to === 'adfs')).toBe(
      false,
    )
  })

  it('waits a further cycle for the write-back when the sync scheduler skips one', async () => {
    const { trace, tenant } = await run((fixture) => void (fixture.onPremises!.skipSyncCycles = 1))
    expect(trace.outcome).toBe('registered')
    const phaseG = trace.steps.filter((step) => step.phase === 'G').map((step) => step.state)
    expect(phaseG).toEqual([
      'awaitingDeviceWriteBack.waitingForSyncCycle',
      'awaitingDeviceWriteBack.cycleSkipped',
      'awaitingDeviceWriteBack.waitingForSyncCycle',
      'registered',
    ])
    expect(
      tenant.directory!.search({
        base: 'CN=RegisteredDevices,DC=corp,DC=contoso,DC=com',
        scope: 'one',
        filter: '(msDS-DeviceID=*)',
        attributes: [],
      }),
    ).toHaveLength(1)
  })

  it('stops watching a suspended sync scheduler after three skipped cycles, registered all the same', async () => {
    const { trace } = await run((fixture) => void (fixture.onPremises!.skipSyncCycles = 1000))
    expect(trace.outcome).toBe('registered')
    const phaseG = trace.steps.filter((step) => step.phase === 'G')
    expect(
      phaseG.filter((step) => step.state === 'awaitingDeviceWriteBack.waitingForSyncCycle'),
    ).toHaveLength(3)
    expect(phaseG.find((step) => step.state === 'awaitingDeviceWriteBack.stillSuspended')).toMatchObject({
      skipped: true,
    })
  })

  it('shows phase G as skipped, and writes nothing to AD, when device write-back is off', async () => {
    const { trace, tenant } = await run((fixture) => void (fixture.onPremises!.deviceWriteBack = false))
    expect(trace.outcome).toBe('registered')
    expect(trace.steps.find((step) => step.state === 'awaitingDeviceWriteBack.notWrittenBack')).toMatchObject(
      { phase: 'G', skipped: true },
    )
    expect(
      tenant.directory!.search({
        base: 'CN=RegisteredDevices,DC=corp,DC=contoso,DC=com',
        scope: 'one',
        filter: '(objectClass=*)',
        attributes: [],
      }),
    ).toEqual([])
  })
})
