import { isJoinErrorCode } from '../../trace/outcome.ts'
import type { PhaseLetter } from '../../trace/phases.ts'
import type { Step } from '../../trace/schema.ts'
import type { CursorView } from '../session/frames.ts'

export type PhaseStatus = 'pending' | 'current' | 'done' | 'skipped' | 'failed'

/** A failure step: its state is named after its code. */
export function isFailureStep(step: Step): boolean {
  return isJoinErrorCode(step.state)
}

/**
 * Each phase's status at the cursor: the current step's phase is lit (or failed, where the run
 * failed), phases passed are done, or skipped when the flow passed over them. From the view's
 * phases passed, not its steps: a step of the cursor through a long trace (thousands of steps)
 * costs the same as through a short one.
 */
export function phaseStatuses(
  phases: readonly PhaseLetter[],
  view: Pick<CursorView, 'current' | 'passed'>,
): Record<string, PhaseStatus> {
  const { current, passed } = view
  const statuses: Record<string, PhaseStatus> = {}
  for (const phase of phases) {
    if (!passed.entered.has(phase)) statuses[phase] = 'pending'
    else if (current?.phase === phase && isFailureStep(current)) statuses[phase] = 'failed'
    else if (passed.skipped.has(phase)) statuses[phase] = 'skipped'
    else if (current?.phase === phase && current.state !== 'registered') statuses[phase] = 'current'
    else statuses[phase] = 'done'
  }
  return statuses
}
