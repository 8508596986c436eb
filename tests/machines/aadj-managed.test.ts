import { createActor, toPromise } from 'xstate'
import { describe, expect, it } from 'vitest'
import { aadjManagedMachine } from '../../machines/aadj-managed.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const adele = {
  username: 'adele.vance@contoso.com',
  passwords: ['Pa55w.rd-Contoso'],
  termsOfUse: 'accept' as const,
}

describe('aadj-managed', () => {
  it('walks phases A to H in order against the emulated services and ends registered', async () => {
    const { clock, caPem } = emulateTenant(contosoManaged())
    const { trace, store } = await runHeadless({
      scenario: 'aadj-managed',
      answers: adele,
      clock,
      caCertificate: caPem,
    })
    expect(trace.outcome).toBe('registered')
    expect([...new Set(trace.steps.map((step) => step.phase))]).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
    ])
    expect(trace.steps.map((s) => s.state)).toEqual([
      'discoveringAzureAd',
      'collectingUsername',
      'signingIn.discoveringRealm',
      'signingIn.awaitingPassword',
      'signingIn.requestingToken',
      'reviewingTermsOfUse.checkingClaim',
      'reviewingTermsOfUse.fetchingTerms',
      'reviewingTermsOfUse.awaitingConsent',
      'discoveringDrs',
      'creatingDeviceKeys',
      'joiningDevice',
      'completingRegistration',
      'registered',
    ])
    expect(store.azureAdJoined).toBe(true)
    expect(trace.artifacts.deviceId).toBe(store.deviceId)
  })

  it('files each exchange under the phase that made it', async () => {
    const { clock } = emulateTenant(contosoManaged())
    const { trace } = await runHeadless({ scenario: 'aadj-managed', answers: adele, clock })
    const calls = trace.steps.flatMap((step) =>
      step.exchanges.map(
        (x) =>
          `${step.phase} ${x.to} ${x.request.method} ${new URL(x.request.url).pathname} ${x.response.status}`,
      ),
    )
    expect(calls).toEqual([
      'A azure-ad GET /organizations/.well-known/openid-configuration 200',
      'A azure-ad GET /common/discovery/keys 200',
      'C azure-ad GET /common/userrealm/adele.vance%40contoso.com 200',
      'C azure-ad POST /9d53c6fa-b38e-4509-8fb1-51dedb421aac/oauth2/token 200',
      'D mdm GET /TermsofUse.aspx 200',
      'E drs GET /contoso.com/enrollmentserver/contract 200',
      'G drs POST /EnrollmentServer/device/ 200',
    ])
  })

  it('reports the device as dsregcmd /status would after the join', async () => {
    const { clock } = emulateTenant(contosoManaged())
    const { trace } = await runHeadless({ scenario: 'aadj-managed', answers: adele, clock })
    expect(trace.device?.['Device State']).toMatchObject({ AzureAdJoined: 'YES', DomainJoined: 'NO' })
    expect(trace.device?.['Device Details']).toMatchObject({
      DeviceId: trace.artifacts.deviceId,
      KeyProvider: 'Microsoft Platform Crypto Provider',
      TpmProtected: 'YES',
    })
    expect(trace.device?.['Tenant Details']).toMatchObject({
      TenantId: '9d53c6fa-b38e-4509-8fb1-51dedb421aac',
      JoinSrvUrl: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
      MdmTouUrl: 'https://portal.manage.microsoft.com/TermsofUse.aspx',
    })
  })

  it("fails loudly in NOT_PROVIDED when run without the engine's actors", async () => {
    const actor = createActor(aadjManagedMachine, { input: { deviceName: 'PC' } }).start()
    const snapshot = await toPromise(actor).then(() => actor.getSnapshot())
    expect(snapshot.value).toBe('NOT_PROVIDED')
    expect(snapshot.context.error).toEqual({
      code: 'NOT_PROVIDED',
      message: 'The actor "fetchOpenIdConfiguration" was not provided to the machine.',
    })
  })
})
