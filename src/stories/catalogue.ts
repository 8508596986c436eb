import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import type { Story } from './story.ts'

const adele = { username: 'adele.vance@contoso.com', passwords: ['Pa55w.rd-Contoso'], termsOfUse: 'accept' as const }

/** Every story the gallery offers; the happy path of each flow comes first. */
export const STORIES: Story[] = [
  {
    id: 'aadj-managed-happy',
    title: 'Azure AD join, managed domain',
    teaches: 'The whole cloud join: sign-in, terms of use, discovery, keys, registration.',
    scenario: 'aadj-managed',
    fixture: contosoManaged,
    answers: adele,
    keyProvider: 'platform',
    outcome: 'registered',
  },
]

export function findStory(id: string): Story | undefined {
  return STORIES.find((story) => story.id === id)
}

/** The story a bare scenario name runs: its happy path. */
export function defaultStoryFor(scenario: string): Story | undefined {
  return STORIES.find((story) => story.scenario === scenario)
}
