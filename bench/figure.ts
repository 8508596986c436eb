/**
 * One measured figure of `npm run bench`: what every bench module returns, so the runner can print
 * them alike, check each against its budget and write them as JSON for comparing two commits.
 */
export interface Figure {
  /** What was measured, e.g. "server: joins per second, 50 clients, --trace". */
  name: string
  value: number
  /** "ms", "KB", "joins/s", "ratio", "MB"… */
  unit: string
  /** The budget, when the figure has one: the value must be at most `max` / at least `min`. */
  budget?: { max?: number; min?: number }
  /** Anything a reader needs to repeat it (runs, clients, machine detail). */
  detail?: string
}

/** Whether a figure keeps its budget (a figure without one always does). */
export const withinBudget = (figure: Figure): boolean =>
  (figure.budget?.max === undefined || figure.value <= figure.budget.max) &&
  (figure.budget?.min === undefined || figure.value >= figure.budget.min)
