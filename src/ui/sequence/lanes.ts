import type { Scenario } from '../../../machines/index.ts'
import type { Lane } from '../../trace/lanes.ts'
import type { Frame } from '../session/frames.ts'

/**
 * The scenario's lanes, then any lane the run talked to that the scenario did not list, so an
 * exchange always has both ends drawn. Taken from all frames, so columns stay put while stepping.
 */
export function lanesFor(scenario: Scenario, frames: readonly Frame[]): Lane[] {
  const lanes = [...scenario.lanes]
  for (const frame of frames) {
    if (frame.kind !== 'exchange') continue
    for (const lane of [frame.exchange.from, frame.exchange.to]) if (!lanes.includes(lane)) lanes.push(lane)
  }
  return lanes
}

/** Where an arrow sits in the lane grid: its first and last column (1-based) and its direction. */
export function arrowSpan(
  lanes: readonly Lane[],
  from: Lane,
  to: Lane,
): { start: number; end: number; direction: 'right' | 'left' | 'self' } {
  const a = lanes.indexOf(from)
  const b = lanes.indexOf(to)
  if (a === b) return { start: a + 1, end: a + 1, direction: 'self' }
  return { start: Math.min(a, b) + 1, end: Math.max(a, b) + 1, direction: a < b ? 'right' : 'left' }
}
