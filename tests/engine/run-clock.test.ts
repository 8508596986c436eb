import { describe, expect, it } from 'vitest'
import { createRealTimeClock, createSimulatedClock } from '../../src/engine/run-clock.ts'

describe('the run clock', () => {
  it('simulated: advance fires each timer due on the way at its own time, earliest first, and no other', () => {
    const clock = createSimulatedClock(1_000)
    const fired: Array<[string, number]> = []
    clock.setTimeout(() => fired.push(['late', clock.now()]), 300)
    clock.setTimeout(() => {
      fired.push(['early', clock.now()])
      clock.setTimeout(() => fired.push(['chained', clock.now()]), 50)
    }, 100)
    const cancelled = clock.setTimeout(() => fired.push(['cancelled', clock.now()]), 200)
    clock.clearTimeout(cancelled)
    clock.setTimeout(() => fired.push(['beyond', clock.now()]), 10_000)
    clock.advance(500)
    expect(fired).toEqual([
      ['early', 1_100],
      ['chained', 1_150],
      ['late', 1_300],
    ])
    expect(clock.now()).toBe(1_500)
  })

  it('real time: advance skips ahead and fires the timers it skips over at once, keeping the rest', () => {
    const clock = createRealTimeClock()
    const fired: string[] = []
    const before = clock.now()
    clock.setTimeout(() => fired.push('sync deadline'), 30 * 60_000)
    const kept = clock.setTimeout(() => fired.push('next day'), 24 * 3600_000)
    clock.advance(3600_000)
    expect(fired).toEqual(['sync deadline'])
    expect(clock.now() - before).toBeGreaterThanOrEqual(3600_000)
    clock.clearTimeout(kept)
  })

  it('real time with a lead: starts that long before the wall clock', () => {
    const clock = createRealTimeClock(6 * 3600_000)
    expect(clock.now()).toBeLessThanOrEqual(Date.now() - 6 * 3600_000)
  })
})
