import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { createSimulatedClock } from '../../src/engine/run-clock.ts'
import { SERVICE_LATENCY_MS } from '../../src/engine/service-latency.ts'
import { TraceRecorder, type ExchangeRecord } from '../../src/engine/trace-recorder.ts'
import { runManaged } from '../failures/support.ts'

const step = { phase: 'A', state: 's', title: 't', narration: '' } as const
const record: ExchangeRecord = {
  protocol: 'http',
  from: 'device',
  to: 'azure-ad',
  request: { method: 'GET', url: 'https://login.microsoftonline.com/', headers: {}, body: '' },
  response: { status: 200, headers: {}, body: '' },
}

describe('the trace recorder’s times', () => {
  it('times a request from going out to its whole answer being read, on the run’s clock', async () => {
    const clock = createSimulatedClock(1_000_000)
    const recorder = new TraceRecorder(clock.now)
    recorder.addStep(step)
    clock.advance(40)
    const fetch = recorder.recordingFetch(async () => {
      clock.advance(250)
      return new Response('{}', { status: 200 })
    })
    await fetch('https://enterpriseregistration.windows.net/EnrollmentServer/device/', { method: 'POST' })
    const [exchange] = recorder.steps[0]!.exchanges
    expect(exchange).toMatchObject({ id: 'x1', to: 'drs', at: 40, duration: 250 })
  })

  it('files a server request from when it came in, however late its answer is filed', () => {
    const clock = createSimulatedClock(1_000_000)
    const recorder = new TraceRecorder(clock.now)
    clock.advance(100)
    const arrived = clock.now()
    clock.advance(75)
    recorder.addStep(step, arrived)
    const exchange = recorder.openExchange(arrived)(record)
    expect(recorder.steps[0]!.at).toBe(100)
    expect([exchange.at, exchange.duration]).toEqual([100, 75])
    // A request that came in before the recorder started counts from its start, never negative.
    const early = recorder.openExchange(1_000_000 - 50)(record)
    expect([early.at, early.duration]).toEqual([0, 175])
  })

  it('lets each emulated service take its fixed time in a headless run, one exchange after another', async () => {
    const { trace } = await runManaged(contosoManaged())
    const exchanges = trace.steps.flatMap((each) => each.exchanges)
    expect(exchanges.length).toBeGreaterThan(4)
    for (const exchange of exchanges)
      expect(exchange.duration, exchange.id).toBe(SERVICE_LATENCY_MS[exchange.to])
    exchanges.slice(1).forEach((exchange, index) => {
      const previous = exchanges[index]!
      expect(exchange.at, exchange.id).toBeGreaterThanOrEqual(previous.at + previous.duration)
    })
  })
})
