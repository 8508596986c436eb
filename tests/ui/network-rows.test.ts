import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { filterRows, networkRows, NO_FILTER } from '../../src/ui/network/network-rows.ts'

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
