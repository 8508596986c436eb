import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const adele = { username: 'adele.vance@contoso.com', passwords: ['Pa55w.rd-Contoso'], termsOfUse: 'accept' as const }

describe('aadj-managed', () => {
  it('walks phases A to H in order and ends registered', async () => {
    const { clock, caPem } = emulateTenant(contosoManaged())
    const { trace, store } = await runHeadless({ scenario: 'aadj-managed', answers: adele, clock, caCertificate: caPem })
    expect(trace.outcome).toBe('registered')
    const letters = [...new Set(trace.steps.map((step) => step.phase))]
    expect(letters).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
    expect(trace.steps.map((s) => s.state)).toMatchInlineSnapshot(`
      [
        "discoveringAzureAd",
        "collectingUsername",
        "signingIn.discoveringRealm",
        "signingIn.awaitingPassword",
        "signingIn.requestingToken",
        "reviewingTermsOfUse.checkingClaim",
        "reviewingTermsOfUse.fetchingTerms",
        "reviewingTermsOfUse.awaitingConsent",
        "discoveringDrs",
        "creatingDeviceKeys",
        "joiningDevice",
        "completingRegistration",
        "registered",
      ]
    `)
    expect(store.azureAdJoined).toBe(true)
    expect(trace.artifacts.deviceId).toBe(store.deviceId)
  })
})
