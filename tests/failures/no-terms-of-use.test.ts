import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('skips phase D visibly when the ID token has no mdm_tou_url claim', async () => {
  const fixture = contosoManaged()
  delete fixture.mdmTermsOfUseUrl
  const { trace } = await runManaged(fixture, { termsOfUse: 'decline' })
  expect(trace.outcome).toBe('registered')
  const phaseD = trace.steps.filter((step) => step.phase === 'D')
  expect(phaseD.map((step) => [step.state, step.skipped ?? false])).toEqual([
    ['reviewingTermsOfUse.checkingClaim', false],
    ['reviewingTermsOfUse.skipped', true],
  ])
  expect(phaseD.flatMap((step) => step.exchanges)).toEqual([])
})
