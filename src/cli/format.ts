import type { Step } from '../trace/schema.ts'

/** One line per step for the terminal: phase letter, title, and what went over the wire. */
export function formatStep(step: Step): string {
  const marker = step.skipped ? '(skipped)' : ''
  return `  ${step.phase}  ${step.title} ${marker}`.trimEnd()
}
