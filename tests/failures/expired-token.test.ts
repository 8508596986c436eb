import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('ends in TOKEN_REJECTED when the access token expires while the terms of use wait', async () => {
  // Two hours pass at the terms-of-use prompt: longer than the token's one-hour life.
  const { trace } = await runManaged(contosoManaged(), { pauses: { tou: 2 * 3600_000 } })
  expect(trace.outcome).toBe('TOKEN_REJECTED')
  expect(trace.failure).toEqual({
    code: 'TOKEN_REJECTED',
    message: 'The access token has expired.',
    phase: 'G',
  })
  const join = trace.steps.find((step) => step.phase === 'G')!
  expect(join.exchanges[0]?.response.status).toBe(401)
  expect(join.at).toBeGreaterThanOrEqual(2 * 3600_000)
})
