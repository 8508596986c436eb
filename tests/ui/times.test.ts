import fc from 'fast-check'
import { expect, it } from 'vitest'
import { formatMs } from '../../src/ui/times.ts'

it('reads durations as a person does, each unit in its range', () => {
  expect(formatMs(420)).toBe('420 ms')
  expect(formatMs(999.6)).toBe('1 s')
  expect(formatMs(2500)).toBe('2.5 s')
  expect(formatMs(59_960)).toBe('1 min 0 s')
  expect(formatMs(30 * 60_000 + 2_500)).toBe('30 min 3 s')
  expect(formatMs(30 * 60_000 + 59_600)).toBe('31 min 0 s')
  // A real device's log can span hours: requests seconds apart still read apart.
  expect(formatMs(3_600_000 + 5 * 60_000 + 12_000)).toBe('1 h 5 min 12 s')
  expect(formatMs(3_600_000 + 5 * 60_000 + 14_000)).toBe('1 h 5 min 14 s')
})

it('never shows a unit at or past its next one, and never reads a later moment as earlier', () => {
  const parse = (text: string) => {
    const units: Record<string, number> = { h: 3_600_000, min: 60_000, s: 1000, ms: 1 }
    let total = 0
    for (const [, value, unit] of text.matchAll(/([\d.]+) (h|min|s|ms)\b/g)) {
      const limit = { min: 60, s: 60, ms: 1000, h: Infinity }[unit!]!
      if (unit !== 's' || text.includes('min')) expect(Number(value)).toBeLessThan(limit)
      total += Number(value) * units[unit!]!
    }
    return total
  }
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 5 * 3_600_000, noNaN: true }),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
      (ms, more) => {
        const [now, later] = [parse(formatMs(ms)), parse(formatMs(ms + more))]
        expect(Math.abs(now - ms)).toBeLessThanOrEqual(Math.max(500, ms * 0.001))
        expect(later).toBeGreaterThanOrEqual(now)
      },
    ),
  )
})
