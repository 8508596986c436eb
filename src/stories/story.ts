import { parseFaults } from '../../mocks/faults/catalogue.ts'
import type { ArmedFault } from '../../mocks/faults/inject.ts'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../engine/answers.ts'
import type { Outcome } from '../trace/outcome.ts'
import type { ScenarioId } from '../trace/phases.ts'

/** A named scenario: a flow, a variant of its tenant fixture and of the user's answers. */
export interface Story {
  id: string
  title: string
  /** One line: what watching this story teaches. */
  teaches: string
  scenario: ScenarioId
  fixture: () => TenantFixture
  answers: Answers
  /** `software` runs without a TPM: node-forge keys, shown as such in the device panel. */
  keyProvider: 'platform' | 'software'
  /** The outcome the story must end with, live or replayed. */
  outcome: Outcome
  /** Faults armed for the whole run, by name (docs/faults.md): what goes wrong on the wire. */
  faults?: readonly string[]
}

/** The faults a story carries; a story naming a fault the catalogue does not know is a bug, said loudly. */
export function storyFaults(story: Story): ArmedFault[] {
  const parsed = parseFaults(story.faults ?? [])
  if (!parsed.ok) throw new Error(`Story "${story.id}": ${parsed.reasons.join('; ')}`)
  return parsed.faults.map((fault) => ({ fault }))
}

/** A fixture builder for a story: the base tenant with one change applied, fresh on every run. */
export function variant(
  base: () => TenantFixture,
  change: (fixture: TenantFixture) => void = () => {},
): () => TenantFixture {
  return () => {
    const fixture = base()
    change(fixture)
    return fixture
  }
}
