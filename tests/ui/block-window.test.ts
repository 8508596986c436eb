import { describe, expect, it } from 'vitest'
import { windowOf } from '../../src/ui/sequence/block-window.ts'

/** The window as a walk over every block from the top: what the sums' binary searches must give. */
function walked(heights: readonly number[], seen?: { top: number; height: number }) {
  const total = heights.reduce((sum, height) => sum + height, 0)
  const viewHeight = seen?.height || 600
  const top = seen ? seen.top : Math.max(0, total - viewHeight)
  const from = top - 600
  const to = seen ? top + viewHeight + 600 : total
  let start = 0
  let above = 0
  while (start < heights.length - 1 && above + heights[start]! <= from) above += heights[start++]!
  let end = start
  let through = above
  while (end < heights.length && through < to) through += heights[end++]!
  return { start, end, above, below: total - through }
}

function sumsOf(heights: readonly number[]): number[] {
  const sums = [0]
  for (const height of heights) sums.push(sums.at(-1)! + height)
  return sums
}

describe('the sequence view’s window of blocks', () => {
  // Blocks of a note and a few exchanges; a seeded generator, so a failure can be replayed.
  let seed = 7
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  const runs = [
    [],
    [40],
    [34, 90.5],
    ...Array.from({ length: 30 }, (_, run) =>
      Array.from({ length: 1 + run * 40 }, () => 34 + Math.round(random() * 4) * 46.375),
    ),
  ]

  it('draws the same blocks as a walk from the top, following the cursor or the scroll position', () => {
    for (const heights of runs) {
      const sums = sumsOf(heights)
      const total = sums.at(-1)!
      expect(windowOf(sums), `${heights.length} blocks, following`).toEqual(walked(heights))
      for (const top of [0, 1, 599, 600, total / 3, total / 2, total - 500, total, total + 100])
        for (const height of [0, 480])
          expect(windowOf(sums, { top, height }), `${heights.length} blocks at ${top}`).toEqual(
            walked(heights, { top, height }),
          )
    }
  })

  it('ends at the last block and draws at least the view and its margin when following a long run', () => {
    const heights = Array.from({ length: 3000 }, (_, index) => 34 + (index % 4) * 46)
    const window = windowOf(sumsOf(heights))
    expect(window.end).toBe(heights.length)
    expect(window.below).toBe(0)
    const drawn = heights.slice(window.start, window.end).reduce((sum, height) => sum + height, 0)
    expect(drawn).toBeGreaterThanOrEqual(600)
    expect(window.end - window.start).toBeLessThan(60)
  })
})
