import { SimulatedClock, type ActorOptions, type AnyActorLogic } from 'xstate'

/** XState's clock interface (`setTimeout`, `clearTimeout`), which it does not export by name. */
type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>

/**
 * The run's one clock. It is XState's clock (`createActor(machine, { clock })`: every `after`
 * deadline), the trace's time source and the emulated services' `now`. Time that passes on a real
 * network without anyone waiting for it (a sync cycle, the next sign-in an hour later) passes by
 * `advance()`, which fires every machine timer that falls due on the way, in order, at its time.
 *
 * This is the only module that reads the wall clock or the platform's timers
 * (tests/architecture/one-clock.test.ts holds everyone else to that).
 */
export interface RunClock extends Clock {
  /** Milliseconds since the epoch, on this run's clock. */
  now: () => number
  /** Lets `ms` pass at once; timers due on the way fire at their own time, earliest first. */
  advance: (ms: number) => void
}

/**
 * How far before the wall clock a run that skips ahead starts: longer than any run the machines
 * allow (three sign-ins an hour apart, each after a 30-minute sync cycle, plus the prompts), so the
 * times a run skips to lie in the past and what it issues (tokens, certificates) is valid when a
 * user checks it right after the run. Our choice; tests/stories checks every story stays within it.
 */
export const RUN_CLOCK_LEAD_MS = 6 * 3600_000

/**
 * A simulated clock (XState's SimulatedClock underneath): it moves only when advanced. Headless
 * runs, tests and recordings use it, so a run never waits in wall time and its trace is exact.
 */
export function createSimulatedClock(start: number): RunClock {
  const inner = new SimulatedClock()
  inner.set(start)
  const due = new Map<number, number>()
  let fired = 0
  return {
    now: () => inner.now(),
    setTimeout: (fn, timeout) => {
      const id: number = inner.setTimeout(() => {
        due.delete(id)
        fired += 1
        fn()
      }, timeout)
      due.set(id, inner.now() + timeout)
      return id
    },
    clearTimeout: (id: number) => {
      due.delete(id)
      inner.clearTimeout(id)
    },
    advance: (ms) => {
      const target = inner.now() + Math.max(0, ms)
      for (let next = earliest(due); next !== undefined && next <= target; next = earliest(due)) {
        const before = fired
        inner.set(Math.max(next, inner.now()))
        if (fired === before) break // advanced from inside a timer: XState flushes the rest after it
      }
      inner.set(target)
    },
  }
}

/** A simulated clock for a run someone will check against the wall clock (`npm run flow`). */
export function createHeadlessClock(): RunClock {
  return createSimulatedClock(Date.now() - RUN_CLOCK_LEAD_MS)
}

/**
 * Real time, for the page and server mode: timers are the platform's, and `advance()` skips ahead
 * (firing the timers it skips over) instead of waiting. `lead` starts the clock that much before
 * the wall clock (RUN_CLOCK_LEAD_MS for runs that skip ahead; server mode never does).
 */
export function createRealTimeClock(lead = 0): RunClock {
  let skipped = -lead
  const now = () => Date.now() + skipped
  const timers = new Map<number, { at: number; fn: () => void; handle: ReturnType<typeof setTimeout> }>()
  let nextId = 0
  const schedule = (id: number, at: number, fn: () => void) => {
    const handle = setTimeout(
      () => {
        timers.delete(id)
        fn()
      },
      Math.max(0, at - now()),
    )
    timers.set(id, { at, fn, handle })
  }
  const clear = (id: number) => {
    clearTimeout(timers.get(id)?.handle)
    timers.delete(id)
  }
  return {
    now,
    setTimeout: (fn, timeout) => {
      const id = ++nextId
      schedule(id, now() + timeout, fn)
      return id
    },
    clearTimeout: (id: number) => clear(id),
    advance: (ms) => {
      skipped += Math.max(0, ms)
      const pending = [...timers].sort(([, a], [, b]) => a.at - b.at)
      for (const [id, timer] of pending) {
        if (!timers.has(id)) continue // cleared by a timer that fired before it
        clear(id)
        if (timer.at <= now()) timer.fn()
        else schedule(id, timer.at, timer.fn)
      }
    },
  }
}

function earliest(due: Map<number, number>): number | undefined {
  let first: number | undefined
  for (const at of due.values()) if (first === undefined || at < first) first = at
  return first
}
