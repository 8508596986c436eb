import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../../src/engine/answers.ts'
import { runHeadless, type HeadlessRun } from '../../src/engine/headless.ts'
import { emulateTenant, type EmulatedTenant } from '../support/tenant-harness.ts'

export const ADELE: Answers = {
  username: 'adele.vance@contoso.com',
  passwords: ['Pa55w.rd-Contoso'],
  termsOfUse: 'accept',
}

/** Runs aadj-managed against a fixture with the given answers; `extra` may reach the emulated tenant. */
export async function runManaged(
  fixture: TenantFixture,
  answers: Partial<Answers> = {},
  extra: (tenant: EmulatedTenant) => Partial<HeadlessRun> = () => ({}),
) {
  const emulated = emulateTenant(fixture)
  const { trace, store } = await runHeadless({
    scenario: 'aadj-managed',
    answers: { ...ADELE, ...answers },
    clock: emulated.clock,
    caCertificate: emulated.caPem,
    ...extra(emulated),
  })
  return { trace, store, ...emulated }
}
