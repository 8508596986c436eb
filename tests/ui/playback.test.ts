import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Trace } from '../../src/trace/schema.ts'
import type { Frame } from '../../src/ui/session/frames.ts'
import {
  INITIAL_PLAYBACK,
  reducePlayback,
  tickDelay,
  type Playback,
  type PlaybackEvent,
} from '../../src/ui/session/playback.ts'
import { framesFromTrace } from '../../src/ui/session/trace-frames.ts'
import { TracerStore, type PlaybackTimers } from '../../src/ui/session/tracer-store.ts'

const recording = (id: string): Trace => {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${id}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join())
  return parsed.trace
}
const trace = recording('aadj-managed-happy')
const frames = framesFromTrace(trace)
const done = { frames, finished: true }
const last = frames.length - 1

function run(state: Playback, events: PlaybackEvent[], over = done): Playback {
  return events.reduce((was, event) => reducePlayback(was, event, over), state)
}

/** The frame index where the run enters a phase. */
const entering = (phase: string) =>
  frames.findIndex((frame: Frame) => frame.kind === 'step' && frame.step.phase === phase)

describe('playback reducer', () => {
  it('steps forward and back within the frames, pausing as it goes', () => {
    const playing = { ...INITIAL_PLAYBACK, playing: true }
    expect(run(playing, [{ type: 'step-forward' }])).toMatchObject({ cursor: 0, playing: false })
    expect(run(INITIAL_PLAYBACK, [{ type: 'step-back' }])).toMatchObject({ cursor: -1 })
    expect(run(INITIAL_PLAYBACK, Array(3).fill({ type: 'step-forward' }))).toMatchObject({ cursor: 2 })
    const atEnd = run(INITIAL_PLAYBACK, [
      { type: 'seek', cursor: last, playing: false },
      { type: 'step-forward' },
    ])
    expect(atEnd.cursor).toBe(last)
    expect(run(atEnd, [{ type: 'step-back' }, { type: 'step-back' }]).cursor).toBe(last - 2)
    // Never below the first frame once there.
    expect(run(INITIAL_PLAYBACK, [{ type: 'step-forward' }, { type: 'step-back' }]).cursor).toBe(0)
  })

  it('moves one frame per tick only while playing, and asks for the next tick at the speed chosen', () => {
    const playing = { ...INITIAL_PLAYBACK, playing: true }
    expect(tickDelay(playing, done)).toBe(600)
    expect(tickDelay({ ...playing, speed: 'slow' }, done)).toBe(1400)
    expect(run(playing, [{ type: 'tick' }, { type: 'tick' }]).cursor).toBe(1)
    const paused = run(playing, [{ type: 'tick' }, { type: 'pause' }, { type: 'tick' }])
    expect(paused).toMatchObject({ cursor: 0, playing: false })
    expect(tickDelay(paused, done)).toBeUndefined()
  })

  it('toggles play and pause without ever moving the cursor back to the start', () => {
    const at = run(INITIAL_PLAYBACK, [{ type: 'seek', cursor: 5, playing: true }])
    const toggled = run(at, [{ type: 'toggle' }])
    expect(toggled).toMatchObject({ cursor: 5, playing: false })
    expect(run(toggled, [{ type: 'toggle' }])).toMatchObject({ cursor: 5, playing: true })
  })

  it('stops at the end of a finished run, but keeps playing at the end of a live one', () => {
    const nearEnd = run(INITIAL_PLAYBACK, [{ type: 'seek', cursor: last - 1, playing: true }])
    expect(run(nearEnd, [{ type: 'tick' }])).toMatchObject({ cursor: last, playing: false })
    const live = { frames, finished: false }
    const caughtUp = run(nearEnd, [{ type: 'tick' }], live)
    expect(caughtUp).toMatchObject({ cursor: last, playing: true })
    // A live run waits at its newest frame without a timer, and goes on when frames arrive.
    expect(tickDelay(caughtUp, live)).toBeUndefined()
    expect(tickDelay(caughtUp, { frames: [...frames, frames[0]!], finished: false })).toBe(600)
  })

  it('pauses on entering a phase with a breakpoint, once per phase', () => {
    const e = entering('E')
    const start = run(INITIAL_PLAYBACK, [
      { type: 'breakpoint', phase: 'E' },
      { type: 'seek', cursor: e - 1, playing: true },
    ])
    const stopped = run(start, [{ type: 'tick' }])
    expect(stopped).toMatchObject({ cursor: e, playing: false })
    expect(run(stopped, [{ type: 'play' }, { type: 'tick' }])).toMatchObject({ cursor: e + 1, playing: true })
    const removed = run(start, [{ type: 'breakpoint', phase: 'E' }, { type: 'tick' }])
    expect(removed).toMatchObject({ cursor: e, playing: true })
  })

  it('jumps at instant speed to the next breakpoint or the end, as frames arrive', () => {
    const instant = run(INITIAL_PLAYBACK, [
      { type: 'speed', speed: 'instant' },
      { type: 'breakpoint', phase: 'F' },
      { type: 'play' },
    ])
    expect(instant).toMatchObject({ cursor: entering('F'), playing: false })
    expect(run(instant, [{ type: 'play' }])).toMatchObject({ cursor: last, playing: false })
    const live = { frames: frames.slice(0, 3), finished: false }
    const waiting = run({ ...INITIAL_PLAYBACK, speed: 'instant' }, [{ type: 'play' }], live)
    expect(waiting).toMatchObject({ cursor: 2, playing: true })
    expect(tickDelay(waiting, live)).toBeUndefined()
    expect(run(waiting, [{ type: 'frames' }], { frames: frames.slice(0, 5), finished: false }).cursor).toBe(4)
  })

  it('seeks within the frames', () => {
    expect(run(INITIAL_PLAYBACK, [{ type: 'seek', cursor: 10_000, playing: false }]).cursor).toBe(last)
    expect(run(INITIAL_PLAYBACK, [{ type: 'seek', cursor: -7, playing: false }]).cursor).toBe(-1)
  })
})

/** Timers the test fires by hand: the store must arm at most one, and clear it when playback stops. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>()
  let next = 0
  const timers: PlaybackTimers = {
    set: (callback, ms) => {
      pending.set(++next, { callback, ms })
      return next
    },
    clear: (handle) => void pending.delete(handle as number),
  }
  const fire = () => {
    const [[handle, timer]] = [...pending]
    pending.delete(handle)
    timer.callback()
  }
  return { timers, pending, fire }
}

describe('TracerStore playback wiring', () => {
  const services = {
    useTenant: () => {
      throw new Error('a replay needs no tenant')
    },
  }

  it('replays on the injected timers, one at a time, and stops them on pause and at the end', () => {
    const { timers, pending, fire } = manualTimers()
    const store = new TracerStore(services, timers)
    store.replay(trace, 'recording')
    expect(pending.size).toBe(1)
    expect([...pending.values()][0]!.ms).toBe(600)
    fire()
    fire()
    expect(store.getState()).toMatchObject({ cursor: 1, playing: true })
    store.setSpeed('fast')
    expect([...pending.values()].map((timer) => timer.ms)).toEqual([200])
    store.togglePlay()
    expect(pending.size).toBe(0)
    store.togglePlay()
    while (pending.size) fire()
    expect(store.getState()).toMatchObject({ cursor: last, playing: false })
    expect(store.getState().run.shownEnd).toBe(true)
  })

  it('leaves playback alone when play is toggled before any run, as the disabled Play button does', () => {
    const { timers, pending } = manualTimers()
    const store = new TracerStore(services, timers)
    store.togglePlay()
    expect(store.getState()).toMatchObject({ playing: false, run: { status: 'idle' } })
    expect(pending.size).toBe(0)
  })

  it('opens a deep link paused at its frame, or at the last frame of an old link step', () => {
    const { timers, pending } = manualTimers()
    const store = new TracerStore(services, timers)
    store.replay(trace, 'recording', { frame: 7 })
    expect(store.getState()).toMatchObject({ cursor: 6, playing: false })
    expect(pending.size).toBe(0)
    store.replay(trace, 'recording', { step: 0 })
    expect(store.getState().cursor).toBe(trace.steps[0]!.exchanges.length)
    store.lastFrame()
    expect(store.getState().cursor).toBe(last)
    store.firstFrame()
    expect(store.getState().cursor).toBe(0)
  })
})
