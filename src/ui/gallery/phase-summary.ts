import type { Trace } from '../../trace/schema.ts'

export interface PhaseMark {
  phase: string
  state: 'done' | 'skipped' | 'failed' | 'retried'
}

/**
 * A story's phases as a strip of letters for its gallery card: each phase once per pass, marked
 * skipped, failed (where the run ended badly) or retried (a pass that came round again, or phases
 * a loop went back through: a wrong password at AD FS goes from D back to C, and the strip reads
 * A B C D with C and D retried, not A B C D C). A pass starts when the flow is back at its first phase.
 */
export function phaseSummary(trace: Trace): PhaseMark[] {
  const marks: PhaseMark[] = []
  const first = trace.steps[0]?.phase
  let passStart = 0
  for (const step of trace.steps) {
    const last = marks.at(-1)
    if (last?.phase === step.phase) {
      if (step.skipped) last.state = 'skipped'
      continue
    }
    const loopedTo = marks.slice(passStart).findIndex((mark) => mark.phase === step.phase)
    if (loopedTo >= 0 && step.phase !== first) {
      for (const mark of marks.slice(passStart + loopedTo)) if (mark.state === 'done') mark.state = 'retried'
      continue
    }
    if (step.phase === first) passStart = marks.length
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
