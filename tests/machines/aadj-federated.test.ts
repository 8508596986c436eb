import { describe, expect, it } from 'vitest'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { opensslVerify } from '../support/openssl.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const adele = {
  username: 'adele.vance@contoso.com',
  passwords: ['Pa55w.rd-Contoso'],
  termsOfUse: 'accept' as const,
}
const megan = {
  username: 'megan.bowen@contoso.com',
  passwords: ['Pa55w.rd-Megan'],
  termsOfUse: 'accept' as const,
  mfaCodes: ['246810'],
}

async function run(answers: typeof adele & { mfaCodes?: string[] }) {
  const { clock, caPem } = emulateTenant(contosoFederated())
  const { trace } = await runHeadless({ scenario: 'aadj-federated', answers, clock, caCertificate: caPem })
  return trace
}

describe('aadj-federated', () => {
  it('walks phases A to I through AD FS and registers a certificate OpenSSL verifies', async () => {
    const trace = await run(adele)
    expect(trace.outcome).toBe('registered')
    expect([...new Set(trace.steps.map((step) => step.phase))]).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
      'I',
    ])
    const adfsCalls = trace.steps
      .flatMap((step) => step.exchanges)
      .filter((exchange) => exchange.to === 'adfs')
    expect(adfsCalls.map((exchange) => `${exchange.request.method} ${exchange.response.status}`)).toEqual([
      'GET 200',
      'POST 200',
    ])
    expect(opensslVerify(trace.artifacts.caCertificate!, trace.artifacts.deviceCertificate!).ok).toBe(true)
    expect(JSON.stringify(trace)).not.toContain('Pa55w.rd-Contoso')
  })

  it('asks for the extra factor at AD FS and carries mfa into the token', async () => {
    const trace = await run(megan)
    expect(trace.outcome).toBe('registered')
    expect(trace.steps.filter((step) => step.prompt === 'mfa').map((step) => step.state)).toEqual([
      'authenticatingAtSts.awaitingSecondFactor',
    ])
    const accessToken = JSON.parse(
      atob(trace.artifacts.accessToken!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')),
    )
    expect(accessToken.amr).toEqual(['pwd', 'mfa'])
    expect(JSON.stringify(trace)).not.toContain('246810')
  })

  it('ends in MFA_REJECTED when the verification code is wrong and the user gives up', async () => {
    const trace = await run({ ...megan, mfaCodes: ['000000'] })
    expect(trace.failure).toEqual({
      code: 'MFA_REJECTED',
      message: 'The STS refused the sign-in: The verification code is wrong.',
      phase: 'D',
    })
    expect(trace.steps.filter((step) => step.prompt === 'mfa')).toHaveLength(2)
  })

  it('lets the user try another code after a wrong one, and registers on the right one', async () => {
    const trace = await run({ ...megan, mfaCodes: ['000000', '246810'] })
    expect(trace.outcome).toBe('registered')
    const codePosts = trace.steps
      .filter((step) => step.state === 'authenticatingAtSts.postingSecondFactor')
      .flatMap((step) => step.exchanges.map((exchange) => exchange.response.status))
    expect(codePosts).toEqual([200, 200])
  })

  it("ends in CREDENTIALS_REJECTED with the STS's words when the password is wrong at AD FS", async () => {
    const trace = await run({ ...adele, passwords: ['Summer2026!'] })
    expect(trace.failure).toEqual({
      code: 'CREDENTIALS_REJECTED',
      message: 'The STS refused the sign-in: The user ID or password is incorrect.',
      phase: 'C',
    })
  })
})
