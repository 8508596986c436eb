import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { traceToHar } from '../../src/har/export.ts'
import { harToTrace } from '../../src/har/import.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Trace } from '../../src/trace/schema.ts'

function recording(name: string): Trace {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace
}
const names = readdirSync('src/stories/recordings')

/** The same HAR as another tool would write it: none of this tool's `_` fields. */
function foreign(trace: Trace): string {
  const har = traceToHar(trace)
  const { _trace, ...log } = har.log
  const entries = log.entries.map(({ _id, _protocol, _from, _to, _step, ...entry }) => entry)
  return JSON.stringify({ log: { ...log, entries } })
}

describe('HAR', () => {
  it.each(names)('round-trips %s: trace → HAR → trace keeps every exchange and step', (name) => {
    const trace = recording(name)
    const har = traceToHar(trace)
    expect(har.log.entries).toHaveLength(trace.steps.flatMap((step) => step.exchanges).length)
    const back = harToTrace(JSON.stringify(har))
    expect(back.ok && back.trace).toEqual(trace)
  })

  it('classifies a HAR of a registration captured by another tool into the recorded phases', () => {
    for (const name of [
      'aadj-managed-happy.json',
      'aadj-federated-happy.json',
      'haadj-federated-happy.json',
    ]) {
      const trace = recording(name)
      const imported = harToTrace(foreign(trace))
      if (!imported.ok) throw new Error(imported.errors.join('; '))
      expect(imported.trace.scenario).toBe(trace.scenario)
      expect(imported.trace.outcome).toBe('registered')
      const recorded = trace.steps.flatMap((step) =>
        step.exchanges.filter((e) => e.protocol === 'http').map((e) => `${step.phase} ${e.request.url}`),
      )
      const classified = imported.trace.steps.map((step) => `${step.phase} ${step.exchanges[0]!.request.url}`)
      expect(classified).toEqual(recorded)
    }
  })

  it('finds and names the failure in a foreign HAR', () => {
    const imported = harToTrace(foreign(recording('aadj-managed-wrong-password.json')))
    expect(imported.ok && imported.trace.failure).toMatchObject({
      code: 'CREDENTIALS_REJECTED',
      phase: 'C',
      message: 'AADSTS50126: Error validating credentials due to invalid username or password.',
    })
    const expired = harToTrace(foreign(recording('aadj-managed-expired-token.json')))
    expect(expired.ok && expired.trace.outcome).toBe('TOKEN_REJECTED')
  })

  it('reads a browser HAR: a BOM, form params instead of text, base64 bodies, HTTP/2 header names, noise', () => {
    const token = { access_token: 'a', id_token: 'b' }
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        pages: null,
        entries: [
          {
            startedDateTime: '2026-02-01T10:00:01.000Z',
            request: {
              method: 'POST',
              url: 'https://login.microsoftonline.com/contoso.com/oauth2/token',
              headers: [{ name: ':authority', value: 'login.microsoftonline.com' }],
              postData: {
                mimeType: 'application/x-www-form-urlencoded',
                params: [{ name: 'grant_type', value: 'password' }],
              },
            },
            response: {
              status: 200,
              headers: [{ name: 'Content-Type', value: 'application/json' }],
              content: { text: btoa(JSON.stringify(token)), encoding: 'base64' },
            },
          },
          {
            startedDateTime: '2026-02-01T10:00:00.000Z',
            request: {
              method: 'GET',
              url: 'https://login.microsoftonline.com/common/UserRealm/adele%40contoso.com?api-version=1.0',
              headers: [],
            },
            response: { status: 200, headers: [], content: {} },
          },
          {
            startedDateTime: '2026-02-01T10:00:02.000Z',
            request: { method: 'GET', url: 'https://fonts.example.com/a.woff2', headers: [] },
            response: { status: 200, headers: [], content: {} },
          },
        ],
      },
    }
    const imported = harToTrace(`\uFEFF${JSON.stringify(har)}`)
    if (!imported.ok) throw new Error(imported.errors.join('; '))
    expect(imported.ignored).toBe(1)
    expect(imported.trace.steps.map((step) => `${step.phase} ${step.state}`)).toEqual([
      'C har.user-realm',
      'C har.token',
    ])
    const exchange = imported.trace.steps[1]!.exchanges[0]!
    expect(exchange.request.body).toBe('grant_type=password')
    expect(JSON.parse(exchange.response.body)).toEqual(token)
    expect(exchange.response.headers).toEqual({ 'content-type': 'application/json' })
    expect(exchange.request.headers).toEqual({})
    expect(exchange.at).toBe(1000)
  })

  it('writes each exchange’s start and duration as HAR times and reads them back from any tool', () => {
    const trace = recording('aadj-managed-happy.json')
    const har = traceToHar(trace)
    const exchanges = trace.steps.flatMap((step) => step.exchanges)
    expect(exchanges.some((exchange) => exchange.duration > 0)).toBe(true)
    har.log.entries.forEach((entry, index) => {
      const exchange = exchanges[index]!
      expect(Date.parse(entry.startedDateTime) - Date.parse(trace.startedAt)).toBe(exchange.at)
      expect(entry.time).toBe(exchange.duration)
      expect(entry.timings.send + entry.timings.wait + entry.timings.receive).toBe(entry.time)
    })
    const imported = harToTrace(foreign(trace))
    if (!imported.ok) throw new Error(imported.errors.join('; '))
    const first = exchanges.find((exchange) => exchange.protocol === 'http')!
    const times = imported.trace.steps.map(({ exchanges: [exchange] }) => [
      exchange!.at + first.at,
      exchange!.duration,
    ])
    expect(times).toEqual(
      exchanges.filter((exchange) => exchange.protocol === 'http').map((e) => [e.at, e.duration]),
    )
  })

  it('takes a duration from `timings` when `time` is missing or unusable, and 0 when neither says', () => {
    const entry = (extra: object, second: number) => ({
      startedDateTime: `2026-02-01T10:00:0${second}.000Z`,
      request: { method: 'GET', url: 'https://login.microsoftonline.com/common/UserRealm/a%40contoso.com' },
      response: { status: 200, content: {} },
      ...extra,
    })
    const har = {
      log: {
        entries: [
          entry({ time: 187.25, timings: { send: 1, wait: 2, receive: 3 } }, 0),
          entry({ timings: { blocked: -1, dns: -1, send: 0.5, wait: 40, receive: 1.5 } }, 1),
          entry({ time: 'slow', timings: { wait: 'long' } }, 2),
          entry({ time: -5 }, 3),
        ],
      },
    }
    const imported = harToTrace(JSON.stringify(har))
    if (!imported.ok) throw new Error(imported.errors.join('; '))
    expect(imported.trace.steps.map((step) => [step.exchanges[0]!.at, step.exchanges[0]!.duration])).toEqual([
      [0, 187.25],
      [1000, 42],
      [2000, 0],
      [3000, 0],
    ])
  })

  it.each([
    ['not JSON', '{"log": '],
    ['no entries', '{"log": {}}'],
    [
      'an entry without a request',
      '{"log": {"entries": [{"startedDateTime": "x", "response": {"status": 200}}]}}',
    ],
    [
      'nothing about device registration',
      '{"log": {"entries": [{"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "GET", "url": "https://example.com/"}, "response": {"status": 200}}]}}',
    ],
    [
      'a tampered own HAR',
      JSON.stringify({
        log: { entries: [], _trace: { format: 'device-join-trace', version: 1, steps: 'x' } },
      }),
    ],
  ])('refuses %s with a reason', (_, text) => {
    const imported = harToTrace(text)
    expect(imported.ok).toBe(false)
    expect(!imported.ok && imported.errors[0]!.length).toBeGreaterThan(5)
  })
})

describe('HAR of a server session', () => {
  it('classifies an outside client’s join through npm run serve into the phases of its flow', async () => {
    const { SessionTrace } = await import('../../src/server/session-trace.ts')
    const happy = recording('aadj-managed-happy.json')
    const session = new SessionTrace('', () => Date.parse(happy.startedAt))
    const http = happy.steps.flatMap((step) =>
      step.exchanges.filter((e) => e.protocol === 'http').map((e) => ({ phase: step.phase, exchange: e })),
    )
    // A client of our own choosing writes the realm path as Windows does, with capitals.
    for (const { exchange } of http) {
      const url = exchange.request.url.replace('/common/userrealm/', '/common/UserRealm/')
      const { id: _id, at: _at, ...partial } = exchange
      session.record({ ...partial, request: { ...partial.request, url } })
    }
    const snapshot = session.snapshot()
    expect(snapshot.outcome).toBe('registered')
    const imported = harToTrace(foreign(snapshot))
    if (!imported.ok) throw new Error(imported.errors.join('; '))
    expect(imported.trace.scenario).toBe('aadj-managed')
    expect(imported.trace.outcome).toBe('registered')
    expect(imported.trace.steps.map((step) => step.phase)).toEqual(http.map(({ phase }) => phase))
  })
})
