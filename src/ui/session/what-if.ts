import {
  EXCHANGES,
  exchangeOf,
  faultsFor,
  type ExchangeName,
  type Fault,
} from '../../../mocks/faults/catalogue.ts'
import type { ScenarioId } from '../../trace/phases.ts'
import type { Exchange } from '../../trace/schema.ts'
import type { Frame } from './frames.ts'

/** Where a what-if can strike: the next exchange after the cursor, and the faults that fit it. */
export interface WhatIfPoint {
  exchange: ExchangeName
  title: string
  /** How many times the run made this exchange before: the fault hits from this one on. */
  from: number
  faults: Fault[]
}

/**
 * The first HTTP exchange after the cursor that the fault catalogue names, with the faults that
 * fit it in this flow; undefined when none follows yet (the run waits at a prompt, or has ended).
 */
export function whatIfPoint(
  frames: readonly Frame[],
  cursor: number,
  scenario: ScenarioId,
): WhatIfPoint | undefined {
  for (let index = Math.max(0, cursor + 1); index < frames.length; index++) {
    const frame = frames[index]!
    if (frame.kind !== 'exchange') continue
    const exchange = nameOf(frame.exchange)
    if (!exchange) continue
    const from = frames
      .slice(0, index)
      .filter((earlier) => earlier.kind === 'exchange' && nameOf(earlier.exchange) === exchange).length
    return { exchange, title: EXCHANGES[exchange].title, from, faults: faultsFor(exchange, scenario) }
  }
  return undefined
}

function nameOf(exchange: Exchange): ExchangeName | undefined {
  if (exchange.protocol !== 'http') return undefined
  return exchangeOf(exchange.request)
}

/** One line on what a fault does, for the list a trainer picks from. */
export function describeFault(fault: Fault): string {
  const { effect } = fault
  switch (effect.kind) {
    case 'status':
      return effect.status === 503 ? 'answers 503: unavailable' : 'answers 500: server error'
    case 'drop':
      return 'drops the connection: no answer'
    case 'malformed':
      return "a proxy's page instead of the answer"
    case 'truncated':
      return 'the answer cut off halfway'
    case 'latency':
      return `answers ${effect.ms / 1000} s late`
    case 'skew':
      return `its clock ${Math.abs(effect.minutes / 60)} h ${effect.minutes > 0 ? 'ahead' : 'behind'}`
    case 'quota':
      return 'the user is over the device quota'
  }
}
