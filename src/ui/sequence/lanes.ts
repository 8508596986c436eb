import type { Scenario } from '../../../machines/index.ts'
import type { Lane } from '../../trace/lanes.ts'
import type { Frame } from '../session/frames.ts'

const known = new WeakMap<readonly Frame[], { scenario: Scenario; lanes: Lane[] }>()

/**
 * The scenario's lanes, then any lane the run talked to that the scenario did not list, so an
 * exchange always has both ends drawn. Taken from all frames, so columns stay put while stepping;
 * worked out once per frames (the page asks on every step of the cursor).
 */
export function lanesFor(scenario: Scenario, frames: readonly Frame[]): Lane[] {
  const cached = known.get(frames)
  if (cached?.scenario === scenario) return cached.lanes
  const lanes = [...scenario.lanes]
  for (const frame of frames) {
    if (frame.kind !== 'exchange') continue
    for (const lane of [frame.exchange.from, frame.exchange.to]) if (!lanes.includes(lane)) lanes.push(lane)
  }
  known.set(frames, { scenario, lanes })
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
