// A long trace for the playback benchmarks, made from a recorded story whose device waits for the
// sync cycle and tries again: its steps repeated, as a flow that kept retrying would record them
// (new step indexes, exchange IDs and times), cut at exactly the number of exchanges asked for. It
// is a valid trace the page opens: 2,000 exchanges come to 4.7 MB, far under the page's limit (a
// server session's default cap, 64 MiB: DEFAULT_SESSION_TRACE_MAX_BYTES).
import { readFileSync } from 'node:fs'
import type { Trace } from '../src/trace/schema.ts'

const SOURCE = new URL('../src/stories/recordings/haadj-managed-sync-pending.json', import.meta.url)

export function bigTrace(exchanges: number): string {
  const recorded = JSON.parse(readFileSync(SOURCE, 'utf8')) as Trace
  const span = (recorded.steps.at(-1)?.at ?? 0) + 1000
  const steps: Trace['steps'] = []
  let made = 0
  for (let round = 0; made < exchanges; round++) {
    for (const step of recorded.steps) {
      if (made >= exchanges) break
      const kept = step.exchanges.slice(0, exchanges - made)
      made += kept.length
      steps.push({
        ...step,
        index: steps.length,
        at: step.at + round * span,
        exchanges: kept.map((exchange) => ({
          ...exchange,
          id: `${exchange.id}-${round}`,
          at: exchange.at + round * span,
        })),
      })
    }
  }
  return JSON.stringify({ ...recorded, story: undefined, steps })
}
