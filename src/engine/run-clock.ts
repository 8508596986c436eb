/**
 * The run's clock. Time that passes on a real network (a sync cycle, a retry at the next sign-in)
 * passes here by `advance()`, so a run never waits in wall time but its trace says when things happened.
 */
export interface RunClock {
  now: () => number
  advance: (ms: number) => void
}

/** Wall time plus whatever has been skipped ahead. */
export function createWallClock(): RunClock {
  let skipped = 0
  return { now: () => Date.now() + skipped, advance: (ms) => void (skipped += ms) }
}

/** A clock that only moves when told: exact traces in tests and recorded stories. */
export function createFixedClock(start = Date.parse('2026-01-15T09:00:00Z')): RunClock {
  let current = start
  return { now: () => current, advance: (ms) => void (current += ms) }
}
