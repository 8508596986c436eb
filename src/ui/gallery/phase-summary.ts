import type { Trace } from '../../trace/schema.ts'

export interface PhaseMark {
  phase: string
  state: 'done' | 'skipped' | 'failed' | 'retried'
}

/**
 * A story's phases as a strip of letters for its gallery card: each phase once per pass, marked
 * skipped, failed (where the run ended badly) or retried (a pass that came round again).
 */
export function phaseSummary(trace: Trace): PhaseMark[] {
  const marks: PhaseMark[] = []
  for (const step of trace.steps) {
    const last = marks.at(-1)
    if (last?.phase === step.phase) {
      if (step.skipped) last.state = 'skipped'
      continue
    }
    marks.push({ phase: step.phase, state: step.skipped ? 'skipped' : 'done' })
  }
  const firstRepeat = marks.findIndex((mark, index) =>
    marks.slice(0, index).some((earlier) => earlier.phase === mark.phase),
  )
  if (firstRepeat > 0)
    for (const mark of marks.slice(0, firstRepeat)) if (mark.state === 'done') mark.state = 'retried'
  if (trace.outcome !== 'registered') {
    const failed = [...marks].reverse().find((mark) => mark.phase === trace.failure?.phase)
    if (failed) failed.state = 'failed'
  }
  return marks
}
