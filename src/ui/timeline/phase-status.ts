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
  // One pass over the steps (a long trace has thousands, and this runs on every step of the cursor).
  const entered = new Set<PhaseLetter>()
  const skipped = new Set<PhaseLetter>()
  for (const step of steps) {
    entered.add(step.phase)
    if (step.skipped) skipped.add(step.phase)
  }
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
