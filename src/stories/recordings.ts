import { parseTrace } from '../trace/parse.ts'
import type { Trace } from '../trace/schema.ts'

// Vite splits each recording into its own chunk, loaded only when a story is replayed.
const RECORDINGS = import.meta.glob<string>('./recordings/*.json', { query: '?raw', import: 'default' })

/** The recorded trace of a story, validated like any trace from outside; undefined if none exists. */
export async function loadRecording(storyId: string): Promise<Trace | undefined> {
  const load = RECORDINGS[`./recordings/${storyId}.json`]
  if (!load) return undefined
  const parsed = parseTrace(await load())
  if (!parsed.ok)
    throw new Error(`The recording of "${storyId}" is not a valid trace: ${parsed.errors.join('; ')}`)
  return parsed.trace
}
