import type { Trace } from '../trace/schema.ts'
import { readTraceText } from '../ui/transfer/trace-reader.ts'

// Vite splits each recording into its own chunk, loaded only when a story is replayed or its card
// shown; the trace reader's worker parses and checks it (zod and the schema load there).
const RECORDINGS = import.meta.glob<string>('./recordings/*.json', { query: '?raw', import: 'default' })

/**
 * Each recording read once per page: the gallery's card and the replay (and every replay after it)
 * share one checked trace rather than parsing and validating the same file again. Nothing changes
 * a trace once read (frames and views copy what they change).
 */
const read = new Map<string, Promise<Trace | undefined>>()

/** The recorded trace of a story, validated like any trace from outside; undefined if none exists. */
export function loadRecording(storyId: string): Promise<Trace | undefined> {
  const cached = read.get(storyId)
  if (cached) return cached
  const reading = readRecording(storyId)
  read.set(storyId, reading)
  // A failure is not kept: the next attempt reads the file again.
  reading.catch(() => read.delete(storyId))
  return reading
}

async function readRecording(storyId: string): Promise<Trace | undefined> {
  const load = RECORDINGS[`./recordings/${storyId}.json`]
  if (!load) return undefined
  const parsed = await readTraceText(await load())
  if (!parsed.ok)
    throw new Error(`The recording of "${storyId}" is not a valid trace: ${parsed.errors.join('; ')}`)
  return parsed.trace
}
