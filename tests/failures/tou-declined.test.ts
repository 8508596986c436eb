import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('ends in TOU_DECLINED when the user declines the terms, before any key is made', async () => {
  const { trace, store } = await runManaged(contosoManaged(), { termsOfUse: 'decline' })
  expect(trace.outcome).toBe('TOU_DECLINED')
  expect(trace.failure).toEqual({
    code: 'TOU_DECLINED',
    message: 'The user declined the MDM terms of use.',
    phase: 'D',
  })
  expect(trace.steps.at(-1)?.state).toBe('TOU_DECLINED')
  expect(trace.artifacts.csr).toBeUndefined()
  expect(store.azureAdJoined).toBe(false)
})
