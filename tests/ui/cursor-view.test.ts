import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Step } from '../../src/trace/schema.ts'
import { viewAt, type Frame } from '../../src/ui/session/frames.ts'
import { framesFromTrace } from '../../src/ui/session/trace-frames.ts'

function recording(id: string) {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${id}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join())
  return parsed.trace
}
const trace = recording('haadj-managed-sync-pending')

/** The view as a plain replay of every frame up to the cursor: what `viewAt` must equal. */
function replayed(frames: readonly Frame[], cursor: number): Step[] {
  const steps: Step[] = []
  const byIndex = new Map<number, Step>()
  for (const frame of frames.slice(0, cursor + 1)) {
    if (frame.kind === 'step') {
      const step = { ...frame.step, exchanges: [] }
      steps.push(step)
      if (!byIndex.has(step.index)) byIndex.set(step.index, step)
    } else byIndex.get(frame.stepIndex)?.exchanges.push(frame.exchange)
  }
  return steps
}

describe('the view at a cursor', () => {
  const frames = framesFromTrace(trace)

  it('holds every step entered and every exchange filed up to the cursor, at every cursor', () => {
    for (let cursor = -1; cursor < frames.length + 2; cursor++) {
      const view = viewAt(frames, cursor)
      expect(view.steps, `cursor ${cursor}`).toEqual(replayed(frames, cursor))
      const at = frames[Math.min(cursor, frames.length - 1)]
      expect(view.exchange).toBe(at?.kind === 'exchange' ? at.exchange : undefined)
      expect(view.current).toBe(view.steps.at(-1))
      expect(view.atEnd).toBe(Math.min(cursor, frames.length - 1) === frames.length - 1)
    }
  })

  it('files a live run’s late exchanges under the first step of their index, however far back', () => {
    const [first, second] = trace.steps.filter((step) => step.exchanges.length > 0)
    const device = { status: {}, certificates: [] }
    const live: Frame[] = [
      { kind: 'step', step: { ...first!, exchanges: [] }, device },
      { kind: 'step', step: { ...second!, exchanges: [] }, device },
      { kind: 'exchange', stepIndex: first!.index, exchange: first!.exchanges[0]!, device },
      { kind: 'step', step: { ...first!, exchanges: [] }, device },
      { kind: 'exchange', stepIndex: second!.index, exchange: second!.exchanges[0]!, device },
      { kind: 'exchange', stepIndex: 999, exchange: second!.exchanges[0]!, device },
    ]
    for (let cursor = -1; cursor < live.length; cursor++)
      expect(viewAt(live, cursor).steps, `cursor ${cursor}`).toEqual(replayed(live, cursor))
  })

  it('shares the steps a cursor has passed, so stepping copies only the step filling up', () => {
    const steps = trace.steps.filter((step) => step.exchanges.length > 1)
    expect(steps.length).toBeGreaterThan(0)
    const middle = frames.findIndex(
      (frame) => frame.kind === 'exchange' && frame.exchange === steps[0]!.exchanges[0],
    )
    const before = viewAt(frames, middle)
    const after = viewAt(frames, middle + 1)
    expect(after.steps.slice(0, -1)).toEqual(before.steps.slice(0, -1))
    after.steps.slice(0, -1).forEach((step, index) => expect(step).toBe(before.steps[index]))
    expect(before.steps.at(-1)!.exchanges).toHaveLength(1)
    expect(after.steps.at(-1)!.exchanges).toHaveLength(2)
  })

  it('knows the phases entered and skipped up to the cursor, at every cursor', () => {
    // A flow that skips a phase (no terms of use), and one that does not.
    for (const id of ['aadj-managed-no-tou', 'haadj-managed-sync-pending']) {
      const run = framesFromTrace(recording(id))
      expect(recording(id).steps.some((step) => step.skipped)).toBe(id === 'aadj-managed-no-tou')
      for (let cursor = -1; cursor < run.length; cursor++) {
        const { steps, passed } = viewAt(run, cursor)
        expect([...passed.entered].sort(), `${id} cursor ${cursor}`).toEqual(
          [...new Set(steps.map((step) => step.phase))].sort(),
        )
        expect([...passed.skipped].sort(), `${id} cursor ${cursor}`).toEqual(
          [...new Set(steps.filter((step) => step.skipped).map((step) => step.phase))].sort(),
        )
      }
    }
  })
})
