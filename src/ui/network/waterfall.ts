/** Where one exchange's bar sits on the waterfall, as fractions of its width. */
interface Bar {
  left: number
  width: number
}

/** The waterfall's axis: a bar per row, and where long idle gaps were shortened. */
export interface Waterfall {
  /** A row's bar, worked out when asked: a long log draws a few dozen of its thousands of rows. */
  barOf: (row: { at: number; duration: number }) => Bar
  /** Fractions of the width where a shortened gap sits, to draw as a break. */
  breaks: readonly number[]
  /** Milliseconds the axis spans before any shortening. */
  span: number
}

/**
 * Idle time longer than this between exchanges (a sync cycle half an hour away, the next sign-in
 * an hour later, a user reading a prompt) is drawn as if it were `SHORTENED_GAP_MS`, so the bars
 * of a run that waited still have a width one can see. Both figures are our choice.
 */
export const LONG_GAP_MS = 5_000
const SHORTENED_GAP_MS = 1_000

/**
 * Lays exchanges on one time axis: a bar starts at the exchange's `at` and is as wide as its
 * `duration`. Busy time keeps its scale; only idle gaps longer than LONG_GAP_MS are shortened (and
 * reported as breaks), never an exchange itself.
 */
export function waterfall(rows: ReadonlyArray<{ id: string; at: number; duration: number }>): Waterfall {
  // Rows usually come in the order they started: sort a copy only when they do not.
  const inOrder = rows.every((row, index) => index === 0 || rows[index - 1]!.at <= row.at)
  const sorted = inOrder ? rows : [...rows].sort((a, b) => a.at - b.at)
  // Each shortened gap: where it starts on the real clock and how much of it is cut out.
  const cuts: Array<{ from: number; cut: number }> = []
  let busyUntil = sorted[0]?.at ?? 0
  for (const row of sorted) {
    const idle = row.at - busyUntil
    if (idle > LONG_GAP_MS) cuts.push({ from: busyUntil, cut: idle - SHORTENED_GAP_MS })
    busyUntil = Math.max(busyUntil, row.at + row.duration)
  }
  const origin = sorted[0]?.at ?? 0
  // Gaps do not overlap and come in time order, so a time is past every cut before the last one
  // that starts before it: their sum (kept running) plus as much of that last cut as it has reached.
  // A binary search, not a sum over every cut: a long trace has hundreds of gaps and thousands of rows.
  const before: number[] = []
  cuts.reduce((total, { cut }) => (before.push(total), total + cut), 0)
  const axis = (time: number) => {
    let low = 0
    let high = cuts.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (cuts[middle]!.from < time) low = middle + 1
      else high = middle
    }
    const last = cuts[low - 1]
    return time - origin - (last ? before[low - 1]! + Math.min(last.cut, time - last.from) : 0)
  }
  const length = Math.max(1, axis(busyUntil))
  return {
    barOf: (row) => ({
      left: axis(row.at) / length,
      width: (axis(row.at + row.duration) - axis(row.at)) / length,
    }),
    breaks: cuts.map(({ from }) => (axis(from) + SHORTENED_GAP_MS / 2) / length),
    span: busyUntil - origin,
  }
}
