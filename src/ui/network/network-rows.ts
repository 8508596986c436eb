import { LANE_TITLES } from '../../trace/lanes.ts'
import type { PhaseLetter } from '../../trace/phases.ts'
import type { Exchange, Step } from '../../trace/schema.ts'

/** One exchange as a network log row. */
export interface NetworkRow {
  id: string
  phase: PhaseLetter
  service: string
  protocol: string
  method: string
  /** Host and path for HTTP; the DN for LDAP; the cycle for sync. */
  target: string
  status: number
  failed: boolean
  /** Response body size in bytes (UTF-8). */
  size: number
  /** When it started, ms from the start of the run. */
  at: number
  /** How long it took, ms. */
  duration: number
  /** Lower-cased URL and bodies, for search. */
  haystack: string
}

export interface NetworkFilter {
  service: string
  phase: string
  status: 'all' | 'ok' | 'failed'
  search: string
}

export const NO_FILTER: NetworkFilter = { service: 'all', phase: 'all', status: 'all', search: '' }

const encoder = new TextEncoder()

/**
 * A trace's exchanges never change once recorded, so each one's row (its body's size, its lower-cased
 * haystack) is made once, not again on every step of the cursor; and a step the cursor has passed
 * (the same object from one step to the next) keeps its rows as one array.
 */
const made = new WeakMap<Exchange, NetworkRow>()
const ofStep = new WeakMap<Step, NetworkRow[]>()

export function networkRows(steps: readonly Step[]): NetworkRow[] {
  return steps.flatMap((step) => {
    const known = ofStep.get(step)
    if (known) return known
    const rows = step.exchanges.map((exchange) => {
      const row = made.get(exchange)
      if (row?.phase === step.phase) return row
      const fresh = rowOf(step, exchange)
      made.set(exchange, fresh)
      return fresh
    })
    ofStep.set(step, rows)
    return rows
  })
}

function rowOf(step: Step, exchange: Exchange): NetworkRow {
  const { request, response } = exchange
  // LDAP answers resultCode 0 for success, a sync step 0 when done; HTTP 0 means no answer at all.
  const failed =
    exchange.protocol === 'ldap'
      ? response.status !== 0
      : response.status >= 400 || (exchange.protocol === 'http' && response.status === 0)
  return {
    id: exchange.id,
    phase: step.phase,
    service: LANE_TITLES[exchange.to],
    protocol: exchange.protocol,
    method: request.method,
    target: targetOf(request.url),
    status: response.status,
    failed,
    size: encoder.encode(response.body).length,
    at: exchange.at,
    duration: exchange.duration,
    haystack: `${request.url}\n${request.body}\n${response.body}`.toLowerCase(),
  }
}

function targetOf(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'ldap:'
      ? decodeURIComponent(parsed.pathname.slice(1))
      : `${parsed.host}${parsed.pathname}`
  } catch {
    return url
  }
}

export function filterRows(rows: readonly NetworkRow[], filter: NetworkFilter): NetworkRow[] {
  const search = filter.search.trim().toLowerCase()
  return rows.filter(
    (row) =>
      (filter.service === 'all' || row.service === filter.service) &&
      (filter.phase === 'all' || row.phase === filter.phase) &&
      (filter.status === 'all' || (filter.status === 'failed') === row.failed) &&
      (search === '' || row.haystack.includes(search)),
  )
}

/** The choices a filter offers: only values that occur, sorted. */
export function choices(rows: readonly NetworkRow[], key: 'service' | 'phase'): string[] {
  const seen = new Set<string>()
  for (const row of rows) seen.add(row[key])
  return [...seen].sort()
}

/** The orders the log offers: as they happened, slowest first, largest answer first. */
export const ORDERS = { start: 'as they happened', duration: 'slowest first', size: 'largest first' } as const
export type Order = keyof typeof ORDERS

export function sortRows(rows: readonly NetworkRow[], order: Order): NetworkRow[] {
  if (order === 'start') return [...rows]
  // Array.prototype.sort is stable: equal rows stay in the order they happened.
  return [...rows].sort((a, b) => b[order] - a[order])
}

export function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`
}
