import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import { runManaged } from '../failures/support.ts'

describe('parseTrace', () => {
  it('accepts the trace a run writes, unchanged', async () => {
    const { trace } = await runManaged(contosoManaged())
    const result = parseTrace(JSON.stringify(trace))
    expect(result).toEqual({ ok: true, trace })
  })

  it('refuses text that is not JSON, saying so', () => {
    const result = parseTrace('{"format": "device-join-trace",')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors[0]).toMatch(/^not JSON: /)
  })

  it('refuses another document type and an unknown version', () => {
    expect(parseTrace('{"format":"har"}')).toEqual({
      ok: false,
      errors: ['"format" is not "device-join-trace": this is not a device-join trace'],
    })
    expect(parseTrace('{"format":"device-join-trace","version":9}')).toEqual({
      ok: false,
      errors: ['"version" 9 is not supported (this reader knows 2, 1)'],
    })
  })

  it('names the path of every field that is wrong', async () => {
    const { trace } = await runManaged(contosoManaged())
    const broken = structuredClone(trace) as unknown as {
      steps: Array<{ phase: string; exchanges: Array<{ response: { status: unknown } }> }>
      outcome: string
    }
    broken.steps[0]!.phase = 'Z'
    broken.steps[0]!.exchanges[0]!.response.status = '200'
    broken.outcome = 'maybe'
    const result = parseTrace(JSON.stringify(broken))
    expect(result.ok).toBe(false)
    const errors = result.ok ? [] : result.errors
    expect(errors.some((e) => e.startsWith('"outcome"'))).toBe(true)
    expect(errors.some((e) => e.startsWith('"steps.0.phase"'))).toBe(true)
    expect(errors.some((e) => e.startsWith('"steps.0.exchanges.0.response.status"'))).toBe(true)
  })

  it('refuses a method that is not an HTTP token, so no shared trace carries a command', async () => {
    const { trace } = await runManaged(contosoManaged())
    const hostile = structuredClone(trace)
    hostile.steps.find((step) => step.exchanges.length)!.exchanges[0]!.request.method = 'GET $(touch x) ;'
    const result = parseTrace(JSON.stringify(hostile))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors.join('\n')).toMatch(/exchanges\.0\.request\.method.*HTTP method/)
  })

  it('refuses two exchanges with the same ID, naming the ID and both places', async () => {
    const { trace } = await runManaged(contosoManaged())
    const twice = structuredClone(trace)
    const withExchanges = twice.steps.flatMap((step, index) => (step.exchanges.length ? [index] : []))
    const [first, second] = [withExchanges[0]!, withExchanges[1]!]
    twice.steps[second]!.exchanges[0]!.id = twice.steps[first]!.exchanges[0]!.id
    const id = twice.steps[first]!.exchanges[0]!.id
    expect(parseTrace(JSON.stringify(twice))).toEqual({
      ok: false,
      errors: [
        `"steps.${second}.exchanges.0.id": the exchange ID "${id}" is already used at steps.${first}.exchanges.0; exchange IDs must be unique`,
      ],
    })
  })
})

describe('a version 1 trace', () => {
  it('opens as version 2 with every exchange taking 0 ms and nothing else changed', async () => {
    const { trace } = await runManaged(contosoManaged())
    const v1 = {
      ...trace,
      version: 1,
      steps: trace.steps.map((step) => ({
        ...step,
        exchanges: step.exchanges.map(({ duration: _duration, ...exchange }) => exchange),
      })),
    }
    const result = parseTrace(JSON.stringify(v1))
    if (!result.ok) throw new Error(result.errors.join('; '))
    const zero = trace.steps.map((step) => ({
      ...step,
      exchanges: step.exchanges.map((exchange) => ({ ...exchange, duration: 0 })),
    }))
    expect(result.trace).toEqual({ ...trace, steps: zero })
  })

  it('is refused with a reason, never an exception, when its steps are not what version 1 wrote', () => {
    for (const steps of ['x', [null], [{ exchanges: 'x' }], [{ exchanges: [7] }]]) {
      const result = parseTrace(JSON.stringify({ format: 'device-join-trace', version: 1, steps }))
      expect(result.ok).toBe(false)
      expect(!result.ok && result.errors.join('\n')).toMatch(/"steps/)
    }
  })
})
