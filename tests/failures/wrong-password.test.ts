import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { runManaged } from './support.ts'

it('sends the user back to the password prompt after a wrong password, and registers on the right one', async () => {
  const { trace } = await runManaged(contosoManaged(), { passwords: ['wrong', 'Pa55w.rd-Contoso'] })
  expect(trace.outcome).toBe('registered')
  const signIn = trace.steps.filter((step) => step.phase === 'C').map((step) => step.state)
  expect(signIn).toEqual([
    'signingIn.discoveringRealm',
    'signingIn.awaitingPassword',
    'signingIn.requestingToken',
    'signingIn.awaitingPassword',
    'signingIn.requestingToken',
  ])
  expect(trace.steps[2 + 2]?.exchanges[0]?.response.status).toBe(400)
})

it("ends in CREDENTIALS_REJECTED with Azure AD's words when the user gives up after a wrong password", async () => {
  const { trace } = await runManaged(contosoManaged(), { passwords: ['wrong'] })
  expect(trace.outcome).toBe('CREDENTIALS_REJECTED')
  expect(trace.failure).toEqual({
    code: 'CREDENTIALS_REJECTED',
    message: 'AADSTS50126: Error validating credentials due to invalid username or password.',
    phase: 'C',
  })
})

it('never writes a password into the trace', async () => {
  const { trace } = await runManaged(contosoManaged(), { passwords: ['wrong-Secret-1', 'Pa55w.rd-Contoso'] })
  const text = JSON.stringify(trace)
  expect(text).not.toContain('wrong-Secret-1')
  expect(text).not.toContain('Pa55w.rd-Contoso')
  expect(text).toContain('password=%5Bredacted%5D')
})
