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
  const statuses: Record<string, PhaseStatus> = {}
  for (const phase of phases) {
    const inPhase = steps.filter((step) => step.phase === phase)
    if (inPhase.length === 0) statuses[phase] = 'pending'
    else if (current?.phase === phase && isFailureStep(current)) statuses[phase] = 'failed'
    else if (inPhase.some((step) => step.skipped)) statuses[phase] = 'skipped'
    else if (current?.phase === phase && current.state !== 'registered') statuses[phase] = 'current'
    else statuses[phase] = 'done'
  }
  return statuses
}
