/**
 * Phase letters as the seed numbers them; a flow uses A–G, A–H or A–I. A cloud flow run with the
 * optional phases after the join goes on with the next two letters (managed I–J, federated J–K):
 * our lettering, not the seed's, for the first sign-in (PRT) and the Windows Hello key.
 */
export const PHASE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'] as const
export type PhaseLetter = (typeof PHASE_LETTERS)[number]

/**
 * What the machine waits for when it needs the user (or the runner standing in for one): the one
 * list the machines' `meta.prompt`, the trace schema, the runner's answers and the docs share.
 */
export const PROMPTS = ['username', 'password', 'tou', 'mfa'] as const
export type Prompt = (typeof PROMPTS)[number]

/** The `meta` every machine state carries; the engine copies it into the trace's steps. */
export interface PhaseMeta {
  phase: PhaseLetter
  title: string
  narration: string
  /** Set on the state that stands for a phase the flow passes over (D without a ToU claim). */
  skipped?: boolean
  /** Set on states that wait for the user. */
  prompt?: Prompt
}

export const SCENARIO_IDS = ['aadj-managed', 'aadj-federated', 'haadj-managed', 'haadj-federated'] as const
export type ScenarioId = (typeof SCENARIO_IDS)[number]
