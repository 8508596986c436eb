import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCENARIOS } from '../../machines/index.ts'
import { runStoryInNode, seededIds } from '../../src/cli/run-story.ts'
import { createSimulatedClock } from '../../src/engine/run-clock.ts'
import { STORIES } from '../../src/stories/catalogue.ts'
import { RECORDING_EPOCH, traceOutline } from '../../src/stories/recording.ts'
import { parseTrace } from '../../src/trace/parse.ts'

const recordingOf = (id: string) => join(import.meta.dirname, '../../src/stories/recordings', `${id}.json`)

describe.each(STORIES.map((story) => [story.id, story] as const))('story %s', (id, story) => {
  it(`runs live to its stated outcome (${story.outcome}) and matches its recording`, async () => {
    const { trace } = await runStoryInNode(story, {
      clock: createSimulatedClock(RECORDING_EPOCH),
      newId: seededIds(id),
    })
    expect(trace.outcome).toBe(story.outcome)
    expect(existsSync(recordingOf(id)), `no recording for ${id}: run npm run record`).toBe(true)
    const recorded = parseTrace(readFileSync(recordingOf(id), 'utf8'))
    if (!recorded.ok) throw new Error(`recording of ${id} is invalid: ${recorded.errors.join('; ')}`)
    expect(traceOutline(trace), `recording of ${id} is stale: run npm run record ${id}`).toEqual(
      traceOutline(recorded.trace),
    )
  })
})

describe('the catalogue', () => {
  it('has unique story ids, and a happy path for every flow that has a machine', () => {
    expect(new Set(STORIES.map((story) => story.id)).size).toBe(STORIES.length)
    for (const scenario of SCENARIOS) {
      expect(STORIES.find((story) => story.scenario === scenario.id)?.outcome, scenario.id).toBe('registered')
    }
  })
})
