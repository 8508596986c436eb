import { isJoinErrorCode } from '../../trace/outcome.ts'
import type { PhaseLetter } from '../../trace/phases.ts'
import type { Step } from '../../trace/schema.ts'

export type PhaseStatus = 'pending' | 'current' | 'done' | 'skipped' | 'failed'

/** A failure step: its state is named after its code. */
export function isFailureStep(step: Step): boolean {
  return isJoinErrorCode(step.state)
}

/**
 * Each phase's status at the cursor: the current step's phase is lit (or failed, where the run
 * failed), phases passed are done, or skipped when the flow passed over them.
 */
export function phaseStatuses(
  phases: readonly PhaseLetter[],
  steps: readonly Step[],
): Record<string, PhaseStatus> {
  const current = steps.at(-1)
  const { entered, skipped } = phasesPassed(steps)
  const statuses: Record<string, PhaseStatus> = {}
  for (const phase of phases) {
    if (!entered.has(phase)) statuses[phase] = 'pending'
    else if (current?.phase === phase && isFailureStep(current)) statuses[phase] = 'failed'
    else if (skipped.has(phase)) statuses[phase] = 'skipped'
    else if (current?.phase === phase && current.state !== 'registered') statuses[phase] = 'current'
    else statuses[phase] = 'done'
  }
  return statuses
}

const passed = new WeakMap<readonly Step[], { entered: Set<PhaseLetter>; skipped: Set<PhaseLetter> }>()

/**
 * The phases the steps entered, and those they skipped: one pass over the steps (a long trace has
 * thousands), made once per view of the cursor, which the timeline and the stage both draw (a
 * view's steps are never changed once made).
 */
function phasesPassed(steps: readonly Step[]) {
  const known = passed.get(steps)
  if (known) return known
  const entered = new Set<PhaseLetter>()
  const skipped = new Set<PhaseLetter>()
  for (const step of steps) {
    entered.add(step.phase)
    if (step.skipped) skipped.add(step.phase)
  }
  passed.set(steps, { entered, skipped })
  return { entered, skipped }
}
