import { describe, expect, it } from 'vitest'
import { parseFault } from '../../mocks/faults/catalogue.ts'
import type { ArmedFault } from '../../mocks/faults/inject.ts'
import { contosoFederated, contosoHybrid, contosoManaged } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../../src/engine/answers.ts'
import { runHeadless } from '../../src/engine/headless.ts'
import { tenantHostDeps } from '../../src/engine/tenant-host.ts'
import { explainTraceFailure } from '../../src/explain/failures.ts'
import type { ScenarioId } from '../../src/trace/phases.ts'
import type { Exchange } from '../../src/trace/schema.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const ADELE: Answers = {
  username: 'adele.vance@contoso.com',
  passwords: ['Pa55w.rd-Contoso'],
  termsOfUse: 'accept',
}
const FIXTURES = {
  'aadj-managed': contosoManaged,
  'aadj-federated': contosoFederated,
  'haadj-managed': () => contosoHybrid(false),
  'haadj-federated': () => contosoHybrid(true),
} as const

function armed(name: string, from?: number): ArmedFault {
  const parsed = parseFault(name)
  if (!parsed.ok) throw new Error(parsed.reason)
  return { fault: parsed.fault, from }
}

/** Runs a flow against the demo tenant with the faults armed, on the simulated clock. */
async function runWith(scenario: ScenarioId, ...faults: ArmedFault[]) {
  const emulated = emulateTenant(FIXTURES[scenario](), faults)
  const { trace } = await runHeadless({
    ...tenantHostDeps(emulated.tenant),
    scenario,
    answers: ADELE,
    clock: emulated.clock,
  })
  const exchanges = trace.steps.flatMap((step) => step.exchanges).filter((x) => x.protocol === 'http')
  const to = (path: string) => exchanges.filter((exchange) => exchange.request.url.includes(path))
  return { trace, tenant: emulated.tenant, to, windows: explainTraceFailure(trace)?.client?.hex }
}

const JOIN = '/EnrollmentServer/device/'
const DISCOVERY = '/enrollmentserver/contract'
const body = (exchange: Exchange | undefined) =>
  JSON.parse(exchange?.response.body ?? 'null') as Record<string, unknown>

describe('retries on the run clock', () => {
  it('sends a join DRS answers 503 three times, 5 s then 10 s apart, then fails with DSREG_SERVER_BUSY', async () => {
    const { trace, to, windows } = await runWith('aadj-managed', armed('drs.join:503'))
    const joins = to(JOIN)
    expect(joins.map((exchange) => exchange.response.status)).toEqual([503, 503, 503])
    const gaps = joins
      .slice(1)
      .map((exchange, index) => exchange.at - (joins[index]!.at + joins[index]!.duration))
    expect(gaps).toEqual([5_000, 10_000])
    expect(trace.failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', phase: 'G' })
    expect(windows).toBe('0x801c0025')
    // DRS's own 503 body: ErrorDetails with its four string members.
    expect(body(joins[0])).toMatchObject({ ErrorType: 'ServiceUnavailable', Message: expect.any(String) })
    expect(Object.keys(body(joins[0])).sort()).toEqual(['ErrorType', 'Message', 'Time', 'TraceId'])
  })

  it('retries discovery that gets no answer, records each try with status 0, and names the aborted connection', async () => {
    const { trace, to, windows } = await runWith('haadj-managed', armed('drs.discovery:drop'))
    expect(to(DISCOVERY).map((exchange) => exchange.response)).toEqual(
      Array(3).fill({ status: 0, headers: {}, body: '' }),
    )
    expect(trace.failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', phase: 'B' })
    expect(windows).toBe('0x80072efe')
  })

  it('does not retry a 500, nor a service other than DRS', async () => {
    const internal = await runWith('aadj-managed', armed('drs.join:500'))
    expect(internal.to(JOIN)).toHaveLength(1)
    expect(internal.windows).toBe('0x801c0006')
    const realm = await runWith('aadj-managed', armed('aad.realm:503'))
    expect(realm.to('/common/userrealm/')).toHaveLength(1)
    expect(body(realm.to('/common/userrealm/')[0])).toMatchObject({
      error: 'temporarily_unavailable',
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
    })
    expect(realm.trace.failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', phase: 'C' })
  })

  it('lets the join through when the fault is armed from a later try on', async () => {
    const { trace, to } = await runWith('aadj-managed', armed('drs.discovery:503', 1))
    expect(to(DISCOVERY).map((exchange) => exchange.response.status)).toEqual([200])
    expect(trace.outcome).toBe('registered')
  })
})

describe('latency', () => {
  it('answers late on the run clock, and the device waits when it is within its 30 s', async () => {
    const { trace, to } = await runWith('aadj-managed', armed('drs.discovery:latency=8s'))
    expect(trace.outcome).toBe('registered')
    expect(to(DISCOVERY)[0]!.duration).toBeGreaterThanOrEqual(8_000)
  })

  it('ends in a named timeout, never a hang, when the answer would come after the deadline', async () => {
    const discovery = await runWith('aadj-federated', armed('drs.discovery:latency=10m'))
    expect(discovery.trace.failure).toMatchObject({ code: 'TIMED_OUT', phase: 'F' })
    expect(discovery.to(DISCOVERY).map((exchange) => [exchange.response.status, exchange.duration])).toEqual([
      [0, 30_000],
    ])
    expect(discovery.windows).toBe('0x801c001f')
    const join = await runWith('aadj-managed', armed('drs.join:latency=45s'))
    expect(join.trace.failure).toMatchObject({ code: 'TIMED_OUT', phase: 'G' })
    expect(join.windows).toBe('0x80072ee2')
    expect(join.tenant.devices.size).toBe(0)
  })
})

describe('bodies the device cannot read', () => {
  it.each([
    ['drs.discovery:malformed', DISCOVERY, 'The DRS discovery document is not a JSON object.'],
    ['drs.join:truncated', JOIN, 'The join response is not a JSON object.'],
  ])('%s ends in RESPONSE_MALFORMED with E_INVALIDDATA', async (name, path, message) => {
    const { trace, to, windows } = await runWith('aadj-managed', armed(name))
    expect(to(path).at(-1)!.response.status).toBe(200)
    expect(trace.failure).toMatchObject({ code: 'RESPONSE_MALFORMED', message })
    expect(windows).toBe('0x8007000d')
  })

  it("refuses to post the password into a proxy's page that stands in for the AD FS sign-in", async () => {
    const { trace, to } = await runWith('aadj-federated', armed('adfs.sign-in:malformed'))
    expect(trace.failure).toMatchObject({ code: 'RESPONSE_MALFORMED', phase: 'C' })
    expect(trace.failure?.message).toContain('the device sends no password there')
    expect(to('proxy.contoso.com')).toHaveLength(0)
  })
})

describe('clock skew', () => {
  it.each([
    ['drs.join:skew=+120m', 'The access token has expired.'],
    ['drs.join:skew=-120m', 'The access token claim "nbf" is invalid.'],
  ])('%s: DRS refuses the token, 0x801c0002', async (name, message) => {
    const { trace, windows } = await runWith('aadj-managed', armed(name))
    expect(trace.failure).toMatchObject({ code: 'TOKEN_REJECTED', phase: 'G', message })
    expect(windows).toBe('0x801c0002')
  })

  it("AD FS's clock ahead: Azure AD refuses its SAML token (AADSTS50013, 0xcaa20003)", async () => {
    const { trace, windows } = await runWith('aadj-federated', armed('adfs.sign-in:skew=+120m'))
    expect(trace.failure).toMatchObject({ code: 'TOKEN_REJECTED', phase: 'D' })
    expect(trace.failure?.message).toMatch(/^AADSTS50013/)
    expect(windows).toBe('0xcaa20003')
  })

  it("Azure AD's clock behind: the device refuses an ID token that has already expired", async () => {
    const { trace } = await runWith('aadj-managed', armed('aad.token:skew=-120m'))
    expect(trace.failure).toMatchObject({ code: 'TOKEN_REJECTED', phase: 'C' })
    expect(trace.failure?.message).toContain('"exp"')
  })
})

describe('the device quota', () => {
  it('DRS answers AuthorizationError DeviceCapReached, no device object is made, Windows says 0x801c000e', async () => {
    const { trace, to, tenant, windows } = await runWith('aadj-federated', armed('drs.join:quota'))
    expect(to(JOIN).map((exchange) => exchange.response.status)).toEqual([403])
    expect(body(to(JOIN)[0])).toMatchObject({
      ErrorType: 'AuthorizationError',
      Message: expect.stringMatching(/^DeviceCapReached/),
    })
    expect(trace.failure).toMatchObject({ code: 'DEVICE_QUOTA_EXCEEDED', phase: 'H' })
    expect(tenant.devices.size).toBe(0)
    expect(windows).toBe('0x801c000e')
    // The fault bends the tenant for that request only.
    expect(tenant.overrides).toEqual({})
  })

  it("counts the user's devices against the tenant's own limit", async () => {
    const fixture = contosoManaged()
    fixture.maxDevicesPerUser = 1
    const emulated = emulateTenant(fixture)
    emulated.tenant.devices.set('old', {
      deviceId: 'old',
      displayName: 'OLD-LAPTOP',
      joinType: 0,
      userCertificates: [],
      registeredBy: 'adele.vance@contoso.com',
      createdAt: 0,
    })
    const { trace } = await runHeadless({
      ...tenantHostDeps(emulated.tenant),
      scenario: 'aadj-managed',
      answers: ADELE,
      clock: emulated.clock,
    })
    expect(trace.outcome).toBe('DEVICE_QUOTA_EXCEEDED')
  })
})

describe('faults at the hybrid flows', () => {
  it("AD FS dropping the computer's WS-Trust request: ERROR_ADAL_INTERNET_CONNECTION_ABORTED, not retried", async () => {
    const { trace, to, windows } = await runWith('haadj-federated', armed('adfs.wstrust:drop'))
    expect(to('/adfs/services/trust/')).toHaveLength(1)
    expect(trace.failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', phase: 'C' })
    expect(windows).toBe('0xcaa82efe')
  })

  it("DRS's clock off at the hybrid join: the signed computer identity is stale", async () => {
    const { trace, windows } = await runWith('haadj-managed', armed('drs.hybrid-join:skew=+30m'))
    expect(trace.failure).toMatchObject({ code: 'TOKEN_REJECTED' })
    expect(trace.failure?.message).toContain('stale')
    expect(windows).toBe('0x801c0002')
  })
})
