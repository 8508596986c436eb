import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('ends in TOKEN_REJECTED when the access token expires while the terms of use wait', async () => {
  const { trace } = await runManaged(contosoManaged(), {}, ({ clock }) => ({
    // Two hours pass at the terms-of-use prompt: longer than the token's one-hour life.
    onStep: (step) => void (step.prompt === 'tou' && clock.advance(2 * 3600_000)),
  }))
  expect(trace.outcome).toBe('TOKEN_REJECTED')
  expect(trace.failure).toEqual({ code: 'TOKEN_REJECTED', message: 'The access token has expired.', phase: 'G' })
  expect(trace.steps.find((step) => step.phase === 'G')?.exchanges[0]?.response.status).toBe(401)
})
