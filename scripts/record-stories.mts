// npm run record: regenerate every story's recorded trace under src/stories/recordings/.
// Runs each story live against the emulated services, on a fixed clock with seeded IDs.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runStoryInNode, seededIds } from '../src/cli/run-story.ts'
import { createFixedClock } from '../src/engine/run-clock.ts'
import { STORIES } from '../src/stories/catalogue.ts'
import { RECORDING_EPOCH } from '../src/stories/recording.ts'

const RECORDINGS = join(import.meta.dirname, '..', 'src', 'stories', 'recordings')

mkdirSync(RECORDINGS, { recursive: true })
const only = process.argv.slice(2)
for (const story of STORIES.filter((candidate) => only.length === 0 || only.includes(candidate.id))) {
  const { trace } = await runStoryInNode(story, { clock: createFixedClock(RECORDING_EPOCH), newId: seededIds(story.id) })
  const mark = trace.outcome === story.outcome ? 'ok  ' : 'DIFF'
  writeFileSync(join(RECORDINGS, `${story.id}.json`), `${JSON.stringify(trace, null, 2)}\n`)
  console.log(`${mark} ${story.id.padEnd(34)} ${trace.outcome}`)
  if (trace.outcome !== story.outcome) process.exitCode = 1
}
