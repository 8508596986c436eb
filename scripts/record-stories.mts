// npm run record [--force] [story-id…]: (re)record story traces under src/stories/recordings/.
// Runs each story live against the emulated services, on a fixed clock with seeded IDs, and writes
// a recording only when none exists or its outline (phases, exchanges, outcome) changed, so keys
// and certificates that differ on every run do not churn the repository. --force rewrites them all.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { runStoryInNode, seededIds } from '../src/cli/run-story.ts'
import { createSimulatedClock } from '../src/engine/run-clock.ts'
import { STORIES } from '../src/stories/catalogue.ts'
import { RECORDING_EPOCH, traceOutline } from '../src/stories/recording.ts'
import { parseTrace } from '../src/trace/parse.ts'

const RECORDINGS = join(import.meta.dirname, '..', 'src', 'stories', 'recordings')

mkdirSync(RECORDINGS, { recursive: true })
const force = process.argv.includes('--force')
const only = process.argv.slice(2).filter((arg) => arg !== '--force')
for (const story of STORIES.filter((candidate) => only.length === 0 || only.includes(candidate.id))) {
  const { trace } = await runStoryInNode(story, {
    clock: createSimulatedClock(RECORDING_EPOCH),
    newId: seededIds(story.id),
  })
  const mark = trace.outcome === story.outcome ? 'ok  ' : 'DIFF'
  const path = join(RECORDINGS, `${story.id}.json`)
  const recorded = existsSync(path) ? parseTrace(readFileSync(path, 'utf8')) : undefined
  const unchanged = recorded?.ok && isDeepStrictEqual(traceOutline(recorded.trace), traceOutline(trace))
  if (force || !unchanged) writeFileSync(path, `${JSON.stringify(trace, null, 2)}\n`)
  console.log(
    `${mark} ${story.id.padEnd(34)} ${trace.outcome.padEnd(22)} ${force || !unchanged ? 'written' : 'unchanged'}`,
  )
  if (trace.outcome !== story.outcome) process.exitCode = 1
}
