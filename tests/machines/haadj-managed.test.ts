import { describe, expect, it } from 'vitest'
import { contosoHybrid, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { tenantHostDeps } from '../../src/engine/tenant-host.ts'
import { opensslVerify } from '../support/openssl.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

async function run(change: (fixture: TenantFixture) => void = () => {}) {
  const fixture = contosoHybrid(false)
  change(fixture)
  const { tenant, clock } = emulateTenant(fixture)
  const { trace } = await runHeadless({
    ...tenantHostDeps(tenant),
    scenario: 'haadj-managed',
    answers: { username: '', passwords: [], termsOfUse: 'accept' },
    clock,
  })
  return { trace, tenant }
}

const lettersOf = (trace: { steps: Array<{ phase: string }> }) =>
  trace.steps.map((step) => step.phase).filter((phase, index, all) => phase !== all[index - 1])

describe('haadj-managed', () => {
  it('walks phases A to H: SCP, userCertificate, sync, proof, keys, PUT, and a certificate OpenSSL verifies', async () => {
    const { trace, tenant } = await run()
    expect(trace.outcome).toBe('registered')
    expect(lettersOf(trace)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
    const calls = trace.steps.flatMap((step) =>
      step.exchanges.map(
        (x) => `${step.phase} ${x.protocol} ${x.from}->${x.to} ${x.request.method} ${x.response.status}`,
      ),
    )
    expect(calls).toEqual([
      'B ldap device->onprem-ad search 0',
      'B http device->drs GET 200',
      'C ldap device->onprem-ad modify 0',
      'D sync aad-connect->onprem-ad import 0',
      'D sync aad-connect->azure-ad export 200',
      'G http device->drs PUT 200',
    ])
    expect(trace.artifacts.deviceId).toBe('b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d')
    expect(opensslVerify(trace.artifacts.caCertificate!, trace.artifacts.deviceCertificate!).ok).toBe(true)
    expect(trace.device?.['Device State']).toMatchObject({
      AzureAdJoined: 'YES',
      DomainJoined: 'YES',
      DomainName: 'CORP',
    })
    expect(tenant.devices.get('b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d')?.deviceCertificateThumbprint).toMatch(
      /^[0-9A-F]{40}$/,
    )
  })

  it('shows the failed first try and the retry at the next sign-in when the sync has not run yet', async () => {
    const { trace } = await run((fixture) => void (fixture.onPremises!.skipSyncCycles = 1))
    expect(trace.outcome).toBe('registered')
    expect(lettersOf(trace)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
    ])
    const puts = trace.steps.flatMap((step) => step.exchanges).filter((x) => x.request.method === 'PUT')
    expect(puts.map((x) => x.response.status)).toEqual([400, 200])
    expect(JSON.parse(puts[0]!.response.body)).toMatchObject({
      ErrorType: 'DirectoryError',
      Message: "The device object by the given id (b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d) isn't found.",
    })
    const retry = trace.steps.findIndex((step) => step.state === 'waitingForNextSignIn')
    expect(trace.steps[retry + 1]!.at - trace.steps[retry]!.at).toBeGreaterThanOrEqual(60 * 60_000)
  })

  it('gives up in DEVICE_NOT_SYNCED after three sign-ins, never waiting forever', async () => {
    const { trace } = await run((fixture) => void (fixture.onPremises!.skipSyncCycles = 10))
    expect(trace.failure).toEqual({
      code: 'DEVICE_NOT_SYNCED',
      message: "The device object by the given id (b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d) isn't found.",
      phase: 'G',
    })
    expect(trace.steps.filter((step) => step.state === 'startingJoinTask')).toHaveLength(3)
  })

  it('ends in SCP_NOT_FOUND when the forest has no SCP', async () => {
    const { trace } = await run((fixture) => void (fixture.onPremises!.scpKeywords = null))
    expect(trace.failure?.code).toBe('SCP_NOT_FOUND')
    expect(trace.steps[1]!.exchanges[0]!.response.status).toBe(32)
  })

  it("ends in SCP_NOT_FOUND, before writing anything to AD, when the SCP names another tenant's domain", async () => {
    const { trace, tenant } = await run(
      (fixture) =>
        void (fixture.onPremises!.scpKeywords = [
          'azureADName:fabrikam.com',
          'azureADId:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
        ]),
    )
    expect(trace.failure).toEqual({
      code: 'SCP_NOT_FOUND',
      phase: 'B',
      message: expect.stringContaining(
        'The service connection point names "fabrikam.com", which DRS does not know',
      ),
    })
    expect(trace.steps.flatMap((step) => step.exchanges).map((x) => x.request.method)).toEqual([
      'search',
      'GET',
    ])
    expect(
      tenant.directory!.search({
        base: tenant.directory!.domainDn,
        scope: 'sub',
        filter: '(userCertificate=*)',
        attributes: [],
      }),
    ).toEqual([])
  })

  it('ends in SCP_NOT_FOUND when azureADId is not the tenant of the domain azureADName names', async () => {
    const { trace } = await run(
      (fixture) =>
        void (fixture.onPremises!.scpKeywords = [
          'azureADName:contoso.com',
          'azureADId:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
        ]),
    )
    expect(trace.failure).toEqual({
      code: 'SCP_NOT_FOUND',
      phase: 'B',
      message:
        'The service connection point\'s "azureADId" 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0 is not the tenant DRS names for "contoso.com" (9d53c6fa-b38e-4509-8fb1-51dedb421aac).',
    })
  })
})
