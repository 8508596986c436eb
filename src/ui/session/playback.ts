import type { PhaseLetter } from '../../trace/phases.ts'
import { stepOf, type Frame } from './frames.ts'

/** Milliseconds between frames at each speed; instant jumps to the target in one go. */
export const SPEEDS = { slow: 1400, normal: 600, fast: 200, instant: 0 } as const
export type Speed = keyof typeof SPEEDS

/** The playback cursor over a run's frames: where it stands, whether it moves, how fast, where it stops. */
export interface Playback {
  /** Index into the frames of what the page shows; -1 before the first frame. */
  cursor: number
  playing: boolean
  speed: Speed
  breakpoints: ReadonlySet<PhaseLetter>
}

/** What the reducer reads of the run: its frames so far, and whether more can still come. */
export interface PlaybackRun {
  frames: readonly Frame[]
  finished: boolean
}

export type PlaybackEvent =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'step-forward' }
  | { type: 'step-back' }
  /** The timer fired: one frame on. */
  | { type: 'tick' }
  /** The run gained frames or finished: at instant speed the cursor catches up at once. */
  | { type: 'frames' }
  | { type: 'speed'; speed: Speed }
  | { type: 'breakpoint'; phase: PhaseLetter }
  /** Put the cursor somewhere (a new run, a deep link, a followed server session). */
  | { type: 'seek'; cursor: number; playing: boolean }

export const INITIAL_PLAYBACK: Playback = {
  cursor: -1,
  playing: false,
  speed: 'normal',
  breakpoints: new Set(),
}

/**
 * Playback as a pure function: the next cursor state for an event over the run as it stands. No
 * timers here; `tickDelay` says when the wiring should send the next `tick`.
 */
export function reducePlayback(state: Playback, event: PlaybackEvent, run: PlaybackRun): Playback {
  return settle(apply(state, event, run), run)
}

function apply(state: Playback, event: PlaybackEvent, run: PlaybackRun): Playback {
  const last = run.frames.length - 1
  switch (event.type) {
    case 'play':
      return { ...state, playing: true }
    case 'pause':
      return { ...state, playing: false }
    case 'toggle':
      return { ...state, playing: !state.playing }
    case 'step-forward':
      return { ...state, playing: false, cursor: Math.min(state.cursor + 1, Math.max(last, state.cursor)) }
    case 'step-back':
      return { ...state, playing: false, cursor: state.cursor > 0 ? state.cursor - 1 : state.cursor }
    case 'tick':
      return state.playing && state.cursor < last ? moveTo(state, state.cursor + 1, run) : state
    case 'frames':
      return state
    case 'speed':
      return { ...state, speed: event.speed }
    case 'breakpoint': {
      const breakpoints = new Set(state.breakpoints)
      if (!breakpoints.delete(event.phase)) breakpoints.add(event.phase)
      return { ...state, breakpoints }
    }
    case 'seek':
      return { ...state, cursor: Math.max(-1, Math.min(event.cursor, last)), playing: event.playing }
  }
}

/** Instant speed runs to the next stop at once; the end of a finished run stops playing. */
function settle(state: Playback, run: PlaybackRun): Playback {
  const last = run.frames.length - 1
  let next = state
  if (next.playing && next.speed === 'instant' && next.cursor < last)
    next = moveTo(next, advanceTarget(run.frames, next.cursor, next.breakpoints), run)
  if (next.playing && run.finished && next.cursor >= last) next = { ...next, playing: false }
  return next
}

function moveTo(state: Playback, cursor: number, run: PlaybackRun): Playback {
  const paused = hitsBreakpoint(run.frames, cursor, state.breakpoints)
  return { ...state, cursor, playing: paused ? false : state.playing }
}

/** How long until the next `tick`, or undefined when nothing should tick (paused, caught up, instant). */
export function tickDelay(state: Playback, run: PlaybackRun): number | undefined {
  if (!state.playing || state.speed === 'instant' || state.cursor >= run.frames.length - 1) return undefined
  return SPEEDS[state.speed]
}

/** True when the frame enters a phase that has a breakpoint: the first step of that phase. */
function hitsBreakpoint(
  frames: readonly Frame[],
  index: number,
  breakpoints: ReadonlySet<PhaseLetter>,
): boolean {
  const step = stepOf(frames[index])
  if (!step || !breakpoints.has(step.phase)) return false
  // Back to the step before, without copying the frames before it: instant speed asks this of
  // every frame up to the next stop, and a long trace has thousands.
  for (let before = index - 1; before >= 0; before--) {
    const previous = stepOf(frames[before])
    if (previous) return previous.phase !== step.phase
  }
  return true
}

/**
 * Where an uninterrupted advance from `cursor` ends: at the last frame, or earlier at the first
 * frame that hits a breakpoint. Instant speed jumps here in one go.
 */
function advanceTarget(
  frames: readonly Frame[],
  cursor: number,
  breakpoints: ReadonlySet<PhaseLetter>,
): number {
  // Without breakpoints nothing stops it: no need to look at the thousands of frames of a long trace.
  if (breakpoints.size === 0) return frames.length - 1
  for (let index = cursor + 1; index < frames.length; index++)
    if (hitsBreakpoint(frames, index, breakpoints)) return index
  return frames.length - 1
}
