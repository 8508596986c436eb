import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Exchange, Step } from '../../src/trace/schema.ts'
import { networkRows } from '../../src/ui/network/network-rows.ts'
import { responseLabel } from '../../src/ui/sequence/exchange-label.ts'

function steps(name: string): Step[] {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace.steps
}

it('words an LDAP answer on the sequence arrow by its result name, as the network log does', () => {
  const story = steps('haadj-managed-sync-pending')
  const ldap = story.flatMap((step) => step.exchanges).filter((exchange) => exchange.protocol === 'ldap')
  expect(ldap.length).toBeGreaterThan(0)
  expect(new Set(ldap.map(responseLabel))).toEqual(new Set(['success']))
  const logged = networkRows(story).filter((row) => row.protocol === 'ldap')
  expect(logged.map((row) => row.statusLabel)).toEqual(ldap.map(responseLabel))
})

it('labels an HTTP answer with its status and content type, and one that never came as "no answer"', () => {
  const exchanges = steps('haadj-managed-sync-pending').flatMap((step) => step.exchanges)
  const refused = exchanges.find(
    (exchange) => exchange.protocol === 'http' && exchange.response.status === 400,
  )!
  expect(responseLabel(refused)).toBe('400 application/json')
  const unanswered: Exchange = {
    ...refused,
    response: { ...refused.response, status: 0, headers: {}, body: '' },
  }
  expect(responseLabel(unanswered)).toBe('no answer')
})
