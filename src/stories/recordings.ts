import type { Trace } from '../trace/schema.ts'

// Vite splits each recording into its own chunk, loaded only when a story is replayed; the trace
// reader (zod and the schema) loads with the first one.
const RECORDINGS = import.meta.glob<string>('./recordings/*.json', { query: '?raw', import: 'default' })

/** The recorded trace of a story, validated like any trace from outside; undefined if none exists. */
export async function loadRecording(storyId: string): Promise<Trace | undefined> {
  const load = RECORDINGS[`./recordings/${storyId}.json`]
  if (!load) return undefined
  const [{ parseTrace }, text] = await Promise.all([import('../trace/parse.ts'), load()])
  const parsed = parseTrace(text)
  if (!parsed.ok)
    throw new Error(`The recording of "${storyId}" is not a valid trace: ${parsed.errors.join('; ')}`)
  return parsed.trace
}
