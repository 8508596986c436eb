import { AADJ_FEDERATED_STORIES } from './aadj-federated.ts'
import { AADJ_MANAGED_STORIES } from './aadj-managed.ts'
import { HAADJ_FEDERATED_STORIES } from './haadj-federated.ts'
import { HAADJ_MANAGED_STORIES } from './haadj-managed.ts'
import type { Story } from './story.ts'

/** Every story the gallery offers, grouped by flow; each flow's happy path comes first. */
export const STORIES: Story[] = [
  ...AADJ_MANAGED_STORIES,
  ...AADJ_FEDERATED_STORIES,
  ...HAADJ_MANAGED_STORIES,
  ...HAADJ_FEDERATED_STORIES,
]

export function findStory(id: string): Story | undefined {
  return STORIES.find((story) => story.id === id)
}

/** The story a bare scenario name runs: its happy path (with `afterJoin`, its first story going on after the join). */
export function defaultStoryFor(scenario: string, afterJoin = false): Story | undefined {
  return STORIES.find((story) => story.scenario === scenario && Boolean(story.afterJoin) === afterJoin)
}
