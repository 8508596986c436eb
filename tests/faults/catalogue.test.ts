import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  EXCHANGE_NAMES,
  exchangeOf,
  faultsFor,
  faultTemplates,
  parseFault,
  parseFaults,
} from '../../mocks/faults/catalogue.ts'
import { parseTrace } from '../../src/trace/parse.ts'

const DOC = readFileSync(join(import.meta.dirname, '../../docs/faults.md'), 'utf8')

describe('fault names', () => {
  it('reads each kind of effect and writes the name back in one form', () => {
    expect(parseFault('drs.join:503')).toEqual({
      ok: true,
      fault: { name: 'drs.join:503', exchange: 'drs.join', effect: { kind: 'status', status: 503 } },
    })
    const effect = (name: string) => {
      const parsed = parseFault(name)
      if (!parsed.ok) throw new Error(parsed.reason)
      return [parsed.fault.name, parsed.fault.effect]
    }
    expect(effect('drs.discovery:latency=8s')).toEqual([
      'drs.discovery:latency=8s',
      { kind: 'latency', ms: 8000 },
    ])
    expect(effect('drs.discovery:latency=1500ms')).toEqual([
      'drs.discovery:latency=1500ms',
      { kind: 'latency', ms: 1500 },
    ])
    expect(effect('aad.token:latency=120s')).toEqual([
      'aad.token:latency=2m',
      { kind: 'latency', ms: 120_000 },
    ])
    expect(effect('aad.token:skew=+2h')).toEqual(['aad.token:skew=+120m', { kind: 'skew', minutes: 120 }])
    expect(effect('drs.join:skew=-90m')).toEqual(['drs.join:skew=-90m', { kind: 'skew', minutes: -90 }])
    expect(effect('adfs.token:drop')).toEqual(['adfs.token:drop', { kind: 'drop' }])
    expect(effect(' drs.join:quota ')).toEqual(['drs.join:quota', { kind: 'quota' }])
  })

  it.each([
    ['drs.join', 'is not <exchange>:<effect>'],
    ['drs.jion:503', '"drs.jion" is not an exchange'],
    ['DRS.join:503', 'is not <exchange>:<effect>'],
    ['drs.join:404', '"404" is not an effect'],
    ['drs.join:latency=0s', 'more than 0 and at most 10m'],
    ['drs.join:latency=11m', 'more than 0 and at most 10m'],
    ['drs.join:latency=5h', '"latency=5h" is not an effect'],
    ['drs.join:skew=120m', '"skew=120m" is not an effect'],
    ['drs.join:skew=+0m', 'not 0 and at most 24h'],
    ['drs.join:skew=-25h', 'not 0 and at most 24h'],
    ['aad.realm:skew=+1h', 'aad.realm takes no skew fault'],
    ['drs.discovery:quota', 'drs.discovery takes no quota fault'],
    ['aad.token:quota', 'aad.token takes no quota fault'],
  ])('refuses %s, saying why', (name, reason) => {
    const parsed = parseFault(name)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toContain(reason)
  })

  it('refuses a list with every reason when any name is wrong', () => {
    const parsed = parseFaults(['drs.join:503', 'drs.nope:503', 'aad.token:slow'])
    expect(parsed).toEqual({
      ok: false,
      reasons: [
        '"drs.nope" is not an exchange',
        '"aad.token:slow": "slow" is not an effect (500, 503, malformed, truncated, drop, latency=<duration>, skew=<offset>, quota)',
      ],
    })
  })

  it('reads every name of the catalogue once its placeholders are filled in', () => {
    for (const template of faultTemplates()) {
      const name = template.replace('<duration>', '8s').replace('<offset>', '+120m')
      expect(parseFault(name), template).toMatchObject({ ok: true, fault: { name } })
    }
  })
})

describe('where faults fit', () => {
  it('names every HTTP exchange the four flows make', () => {
    for (const story of [
      'aadj-managed-happy',
      'aadj-federated-happy',
      'haadj-managed-happy',
      'haadj-federated-happy',
    ]) {
      const parsed = parseTrace(readFileSync(`src/stories/recordings/${story}.json`, 'utf8'))
      if (!parsed.ok) throw new Error(parsed.errors.join('; '))
      const http = parsed.trace.steps.flatMap((step) => step.exchanges).filter((x) => x.protocol === 'http')
      expect(http.length, story).toBeGreaterThan(0)
      for (const exchange of http)
        expect(exchangeOf(exchange.request), `${story}: ${exchange.request.url}`).toBeDefined()
    }
  })

  it('offers the device quota only at the join of the cloud flows, and a skew only where a token is issued or checked', () => {
    const names = (exchange: Parameters<typeof faultsFor>[0], scenario: Parameters<typeof faultsFor>[1]) =>
      faultsFor(exchange, scenario).map((fault) => fault.name)
    expect(names('drs.join', 'aadj-managed')).toContain('drs.join:quota')
    expect(names('drs.join', 'haadj-federated')).not.toContain('drs.join:quota')
    expect(names('drs.join', 'aadj-federated')).toEqual(
      expect.arrayContaining(['drs.join:skew=+120m', 'drs.join:503']),
    )
    expect(names('drs.discovery', 'aadj-managed')).toEqual([
      'drs.discovery:503',
      'drs.discovery:500',
      'drs.discovery:drop',
      'drs.discovery:malformed',
      'drs.discovery:truncated',
      'drs.discovery:latency=8s',
      'drs.discovery:latency=45s',
    ])
  })
})

describe('docs/faults.md', () => {
  const section = DOC.split(/^## /m).find((part) => part.startsWith('Every fault\n')) ?? ''
  const rows = section.split('\n').filter((line) => /^\| `/.test(line))

  it('lists every fault name the catalogue has, and no other', () => {
    const documented = [...section.matchAll(/`([a-z]+\.[a-z-]+:[^`]+)`/g)].map((match) => match[1])
    expect(documented.sort()).toEqual(faultTemplates().sort())
  })

  it('has one row per exchange, in the catalogue order', () => {
    expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)?.[1])).toEqual(EXCHANGE_NAMES)
  })
})
