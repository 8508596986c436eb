import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('ends in TOKEN_REJECTED when DRS reads the access token on a clock past its expiry', async () => {
  // DRS's clock runs two hours ahead: the one-hour token Azure AD has just issued is already expired there.
  const fixture = contosoManaged()
  fixture.drsClockSkewMinutes = 120
  const { trace } = await runManaged(fixture)
  expect(trace.outcome).toBe('TOKEN_REJECTED')
  expect(trace.failure).toEqual({
    code: 'TOKEN_REJECTED',
    message: 'The access token has expired.',
    phase: 'G',
  })
  const join = trace.steps.find((step) => step.phase === 'G')!
  expect(join.exchanges[0]?.response.status).toBe(401)
})

it('accepts a token within the five minutes of clock skew DRS tolerates', async () => {
  const fixture = contosoManaged()
  fixture.drsClockSkewMinutes = 64
  const { trace } = await runManaged(fixture)
  expect(trace.outcome).toBe('registered')
})
