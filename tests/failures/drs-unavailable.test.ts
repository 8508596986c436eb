import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('ends in SERVICE_UNAVAILABLE at discovery when DRS answers 503', async () => {
  const fixture = contosoManaged()
  fixture.unavailable = ['drs']
  const { trace } = await runManaged(fixture)
  expect(trace.outcome).toBe('SERVICE_UNAVAILABLE')
  expect(trace.failure).toEqual({
    code: 'SERVICE_UNAVAILABLE',
    message: 'enterpriseregistration.windows.net answered HTTP 503.',
    phase: 'E',
  })
})
