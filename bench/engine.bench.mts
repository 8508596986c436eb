// What a headless run costs beyond its cryptography: each flow's happy story run in-process (MSW's
// Node interceptors, WebCrypto keys), with every WebCrypto key generation, signature and signature
// check timed in the same run, the per-run tenant's own keys (CA, token signing) included. What is
// left (the engine, the handlers, the trace) must stay within 30% of the run.
import { runStoryInNode } from '../src/cli/run-story.ts'
import { STORIES } from '../src/stories/catalogue.ts'
import type { Figure } from './figure.ts'

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 5)
const REST_BUDGET = 0.3
const TIMED = ['generateKey', 'sign', 'verify'] as const

/** Wall time spent inside the timed WebCrypto calls, overlapping calls counted once. */
class CryptoClock {
  private open = 0
  private since = 0
  total = 0
  calls: Record<(typeof TIMED)[number], number> = { generateKey: 0, sign: 0, verify: 0 }

  reset(): void {
    this.total = 0
    for (const name of TIMED) this.calls[name] = 0
  }

  async time<T>(name: (typeof TIMED)[number], call: () => Promise<T>): Promise<T> {
    this.calls[name]++
    if (this.open++ === 0) this.since = performance.now()
    try {
      return await call()
    } finally {
      if (--this.open === 0) this.total += performance.now() - this.since
    }
  }
}

/** Wraps the process's WebCrypto methods so the clock sees every call; returns the undo. */
function timeWebCrypto(clock: CryptoClock): () => void {
  const subtle = globalThis.crypto.subtle as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >
  const originals = TIMED.map((name) => [name, subtle[name]!] as const)
  for (const [name, original] of originals)
    subtle[name] = (...args: unknown[]) =>
      clock.time(name, () => original.apply(globalThis.crypto.subtle, args))
  return () => {
    for (const [name, original] of originals) subtle[name] = original
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function engineFigures(): Promise<Figure[]> {
  const clock = new CryptoClock()
  const undo = timeWebCrypto(clock)
  const figures: Figure[] = []
  try {
    for (const story of STORIES.filter((each) => each.id.endsWith('-happy'))) {
      await runStoryInNode(story) // warm: JIT, module state
      const runs: Array<{ total: number; crypto: number; calls: string }> = []
      for (let run = 0; run < RUNS; run++) {
        clock.reset()
        const start = performance.now()
        const { trace } = await runStoryInNode(story)
        const total = performance.now() - start
        if (trace.outcome !== 'registered') throw new Error(`${story.id} ended ${trace.outcome}`)
        const calls = TIMED.map((name) => `${name} ${clock.calls[name]}`).join(', ')
        runs.push({ total, crypto: clock.total, calls })
      }
      const total = median(runs.map((run) => run.total))
      const crypto = median(runs.map((run) => run.crypto))
      const rest = median(runs.map((run) => (run.total - run.crypto) / run.total))
      figures.push(
        {
          name: `engine: ${story.scenario} headless run`,
          value: round(total),
          unit: 'ms',
          detail: `median of ${RUNS}`,
        },
        {
          name: `engine: ${story.scenario} share outside key generation and signing`,
          value: round(rest, 2),
          unit: 'ratio',
          budget: { max: REST_BUDGET },
          detail: `WebCrypto ${round(crypto)} ms of ${round(total)} ms (${runs[0]!.calls} per run; medians of ${RUNS})`,
        },
      )
    }
  } finally {
    undo()
  }
  return figures
}

const round = (value: number, digits = 0): number => Number(value.toFixed(digits))
