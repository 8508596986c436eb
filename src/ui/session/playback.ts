import type { PhaseLetter } from '../../trace/phases.ts'
import { stepOf, type Frame } from './frames.ts'

export const SPEEDS = { slow: 1400, normal: 600, fast: 200, instant: 0 } as const
export type Speed = keyof typeof SPEEDS

/** True when the frame enters a phase that has a breakpoint: the first step of that phase. */
export function hitsBreakpoint(
  frames: readonly Frame[],
  index: number,
  breakpoints: ReadonlySet<PhaseLetter>,
): boolean {
  const step = stepOf(frames[index])
  if (!step || !breakpoints.has(step.phase)) return false
  const previous = frames.slice(0, index).findLast((frame) => frame.kind === 'step')
  return stepOf(previous)?.phase !== step.phase
}

/**
 * Where an uninterrupted advance from `cursor` ends: at the last frame, or earlier at the first
 * frame that hits a breakpoint. Instant speed jumps here in one go.
 */
export function advanceTarget(
  frames: readonly Frame[],
  cursor: number,
  breakpoints: ReadonlySet<PhaseLetter>,
): number {
  for (let index = cursor + 1; index < frames.length; index++)
    if (hitsBreakpoint(frames, index, breakpoints)) return index
  return frames.length - 1
}
