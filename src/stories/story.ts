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
  /** The cloud flow goes on after the join: first sign-in (PRT), then the Windows Hello key. */
  afterJoin?: true
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

/**
 * A story run on past the join (the page's and the runner's option): the user signs in to Windows
 * with the password that worked at setup, so the answers give it once more.
 */
export function goingOnAfterJoin(story: Story): Story {
  if (story.afterJoin) return story
  const passwords = story.answers.passwords
  const last = passwords.at(-1)
  return {
    ...story,
    afterJoin: true,
    answers: { ...story.answers, passwords: last === undefined ? passwords : [...passwords, last] },
  }
}

/** A story as the page runs it: on past the join when the option is on, its own flow alone when off. */
export function storyAsChosen(story: Story, afterJoin: boolean): Story {
  if (afterJoin) return goingOnAfterJoin(story)
  const plain = { ...story }
  delete plain.afterJoin
  return plain
}
