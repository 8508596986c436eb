import { describe, expect, it } from 'vitest'
import { contosoFederated, contosoHybrid, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { tenantHostDeps } from '../../src/engine/tenant-host.ts'
import { emulateTenant } from '../support/tenant-harness.ts'
import { ADELE } from './support.ts'

// AD FS renewed its token-signing certificate; Azure AD's trust for contoso.com still names the old one.
function outdatedTrust(fixture: TenantFixture): TenantFixture {
  fixture.federation!.trustOutdated = true
  return fixture
}

const REFUSAL = /^AADSTS50008: The SAML token signature does not verify against the federation trust\.$/

describe('Azure AD refusing AD FS tokens when the federation trust is outdated', () => {
  it('ends aadj-federated in TOKEN_REJECTED at phase D, after AD FS signed the user in', async () => {
    const { clock } = emulateTenant(outdatedTrust(contosoFederated()))
    const { trace } = await runHeadless({ scenario: 'aadj-federated', answers: ADELE, clock })
    expect(trace.failure).toMatchObject({ code: 'TOKEN_REJECTED', phase: 'D' })
    expect(trace.failure?.message).toMatch(REFUSAL)
    const calls = trace.steps
      .flatMap((step) => step.exchanges)
      .map((exchange) => `${exchange.to} ${exchange.request.method} ${exchange.response.status}`)
    expect(calls.slice(-2)).toEqual(['adfs POST 200', 'azure-ad POST 400'])
  })

  it('ends haadj-federated in TOKEN_REJECTED at phase C, before any key is made', async () => {
    const { tenant, clock } = emulateTenant(outdatedTrust(contosoHybrid(true)))
    const { trace } = await runHeadless({
      ...tenantHostDeps(tenant),
      scenario: 'haadj-federated',
      answers: { ...ADELE, passwords: [] },
      clock,
    })
    expect(trace.failure).toMatchObject({ code: 'TOKEN_REJECTED', phase: 'C' })
    expect(trace.failure?.message).toMatch(REFUSAL)
    expect(trace.steps.some((step) => step.phase === 'D')).toBe(false)
  })
})
