import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { filterRows, networkRows, NO_FILTER, sortRows } from '../../src/ui/network/network-rows.ts'
import { waterfall } from '../../src/ui/network/waterfall.ts'

function steps(name: string) {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace.steps
}

describe('network log rows', () => {
  const rows = networkRows(steps('haadj-managed-sync-pending'))

  it('has one row per exchange, LDAP and sync included, with service, phase and size', () => {
    expect(rows).toHaveLength(steps('haadj-managed-sync-pending').flatMap((step) => step.exchanges).length)
    const put = rows.find((row) => row.method === 'PUT' && row.status === 400)!
    expect(put).toMatchObject({ phase: 'G', service: 'Azure DRS', failed: true })
    expect(put.size).toBeGreaterThan(100)
    expect(rows.find((row) => row.protocol === 'ldap')?.target).toMatch(/^CN=/)
  })

  it('words each status as its protocol does: HTTP codes, LDAP result names, sync steps done', () => {
    const labels = (protocol: string) =>
      new Set(rows.filter((row) => row.protocol === protocol).map((row) => row.statusLabel))
    expect(labels('ldap')).toEqual(new Set(['success']))
    expect(labels('sync')).toEqual(new Set(['done', '200']))
    expect(labels('http')).toContain('400')
    expect(labels('http')).toContain('200')
  })

  it('filters by service, phase, status and text in the bodies', () => {
    const only = (filter: Partial<typeof NO_FILTER>) => filterRows(rows, { ...NO_FILTER, ...filter })
    expect(only({ status: 'failed' }).map((row) => `${row.method} ${row.status}`)).toEqual(['PUT 400'])
    const onPremises = only({ service: 'On-premises AD' })
    expect(onPremises.every((row) => row.service === 'On-premises AD')).toBe(true)
    expect(onPremises.map((row) => row.method)).toEqual(['search', 'modify', 'search', 'search', 'import'])
    expect(only({ phase: 'B' }).length).toBeGreaterThan(0)
    expect(only({ phase: 'B' }).every((row) => row.phase === 'B')).toBe(true)
    expect(only({ search: 'DIRECTORYERROR' }).map((row) => row.method)).toEqual(['PUT'])
    expect(only({ search: 'no such text anywhere' })).toEqual([])
  })
})

describe('the waterfall', () => {
  it('starts each bar at its exchange’s start and makes it as wide as it took', () => {
    const rows = [
      { id: 'a', at: 0, duration: 200 },
      { id: 'b', at: 200, duration: 600 },
      { id: 'c', at: 900, duration: 100 },
    ]
    const { barOf, breaks, span } = waterfall(rows)
    expect(span).toBe(1000)
    expect(breaks).toEqual([])
    expect(Object.fromEntries(rows.map((row) => [row.id, barOf(row)]))).toEqual({
      a: { left: 0, width: 0.2 },
      b: { left: 0.2, width: 0.6 },
      c: { left: 0.9, width: 0.1 },
    })
  })

  it('shortens an hour of waiting so the bars around it keep a visible width, and marks the break', () => {
    const rows = networkRows(steps('haadj-managed-sync-pending'))
    const { barOf, breaks, span } = waterfall(rows)
    const bars = new Map(rows.map((row) => [row.id, barOf(row)]))
    expect(span).toBeGreaterThan(2 * 3600_000)
    expect(breaks.length).toBeGreaterThanOrEqual(2)
    const put = rows.find((row) => row.method === 'PUT' && row.status === 400)!
    const search = rows.find((row) => row.protocol === 'ldap')!
    // Busy time keeps its scale: the 420 ms PUT is 70 times as wide as the 6 ms LDAP search.
    expect(bars.get(put.id)!.width / bars.get(search.id)!.width).toBeCloseTo(put.duration / search.duration)
    expect(bars.get(put.id)!.width).toBeGreaterThan(0.01)
    const lefts = rows.map((row) => bars.get(row.id)!.left)
    expect(lefts).toEqual([...lefts].sort((a, b) => a - b))
    expect(Math.max(...rows.map((row) => bars.get(row.id)!.left + bars.get(row.id)!.width))).toBeCloseTo(1)
  })

  it('orders rows slowest first or largest first, ties as they happened', () => {
    const rows = networkRows(steps('haadj-managed-sync-pending'))
    const slowest = sortRows(rows, 'duration')
    expect(slowest.map((row) => row.duration)).toEqual(rows.map((row) => row.duration).sort((a, b) => b - a))
    expect(slowest[0]!.protocol).toBe('sync')
    expect(sortRows(rows, 'size')[0]!.size).toBe(Math.max(...rows.map((row) => row.size)))
    expect(sortRows(rows, 'start')).toEqual(rows)
  })
})
