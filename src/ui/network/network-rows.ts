import { LANE_TITLES } from '../../trace/lanes.ts'
import type { PhaseLetter } from '../../trace/phases.ts'
import type { Exchange, Step } from '../../trace/schema.ts'
import { statusWords } from '../exchange-status.ts'

const encoder = new TextEncoder()

/**
 * One exchange as a network log row. What is cheap is read at once; what costs a pass over the
 * bodies or a URL parse (the answer's size, the search text, the target) is worked out the first
 * time it is read and kept: a long trace opens with thousands of rows, and only the few dozen
 * drawn show a size or a target, and only a search reads the bodies.
 */
export class NetworkRow {
  readonly id: string
  readonly phase: PhaseLetter
  readonly service: string
  readonly protocol: string
  readonly method: string
  readonly status: number
  readonly failed: boolean
  /** When it started, ms from the start of the run. */
  readonly at: number
  /** How long it took, ms. */
  readonly duration: number
  private readonly exchange: Exchange
  private sizeKnown?: number
  private haystackKnown?: string
  private targetKnown?: string

  constructor(step: Step, exchange: Exchange) {
    const { request, response } = exchange
    this.exchange = exchange
    this.id = exchange.id
    this.phase = step.phase
    this.service = LANE_TITLES[exchange.to]
    this.protocol = exchange.protocol
    this.method = request.method
    this.status = response.status
    // LDAP answers resultCode 0 for success, a sync step 0 when done; HTTP 0 means no answer at all.
    this.failed =
      exchange.protocol === 'ldap'
        ? response.status !== 0
        : response.status >= 400 || (exchange.protocol === 'http' && response.status === 0)
    this.at = exchange.at
    this.duration = exchange.duration
  }

  /** The status as the protocol words it (statusWords). */
  get statusLabel(): string {
    return statusWords(this.exchange.protocol, this.status)
  }

  /** Response body size in bytes (UTF-8). */
  get size(): number {
    return (this.sizeKnown ??= encoder.encode(this.exchange.response.body).length)
  }

  /** Lower-cased URL and bodies, for search. */
  get haystack(): string {
    const { request, response } = this.exchange
    return (this.haystackKnown ??= `${request.url}\n${request.body}\n${response.body}`.toLowerCase())
  }

  /** Host and path for HTTP; the DN for LDAP; the cycle for sync. */
  get target(): string {
    return (this.targetKnown ??= targetOf(this.exchange.request.url))
  }
}

export interface NetworkFilter {
  service: string
  phase: string
  status: 'all' | 'ok' | 'failed'
  search: string
}

export const NO_FILTER: NetworkFilter = { service: 'all', phase: 'all', status: 'all', search: '' }

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
      const fresh = new NetworkRow(step, exchange)
      made.set(exchange, fresh)
      return fresh
    })
    ofStep.set(step, rows)
    return rows
  })
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
