import { z } from 'zod'
import type { Outcome } from './outcome.ts'
import type { Artifacts, Step, Trace } from './schema.ts'

/**
 * A server session's trace on disk: newline-delimited records, appended as requests are answered,
 * so a write costs the same at the 10,000th request as at the first and a killed server leaves
 * every whole line behind. A header, one `step` record per request (the step with its exchange,
 * and the outcome or artifacts when that request changed them), then `stopped` if the size cap or
 * a write failure ended the recording, and `end` on a clean shutdown. Folded, the records are the
 * same trace document as any other (`parseTrace` reads both); docs/server.md describes the file.
 */
export type SessionRecord =
  | ({ record: 'header' } & Pick<
      Trace,
      'format' | 'version' | 'scenario' | 'startedAt' | 'outcome' | 'artifacts'
    >)
  | { record: 'step'; step: Step; outcome?: Outcome; artifacts?: Artifacts }
  | { record: 'stopped'; at: number; reason: string }
  | { record: 'end'; at: number }

/** The largest session trace file `npm run serve` writes unless told otherwise, and the page opens. */
export const DEFAULT_SESSION_TRACE_MAX_BYTES = 64 * 1024 * 1024

/** One record as one line: JSON.stringify escapes every newline inside strings, so a line is a record. */
export const sessionRecordLine = (record: SessionRecord): string => `${JSON.stringify(record)}\n`

/** Whether a file's first line is a session trace's header (the writer puts `record` first). */
export const isSessionRecords = (text: string): boolean => /^\s*\{"record":"header"/.test(text)

// The envelope only: what a step holds is judged by the trace schema once the records are folded.
const recordSchema = z.discriminatedUnion('record', [
  z.looseObject({ record: z.literal('header') }),
  z.object({
    record: z.literal('step'),
    step: z.unknown(),
    outcome: z.string().optional(),
    artifacts: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ record: z.literal('stopped'), at: z.number(), reason: z.string() }),
  z.object({ record: z.literal('end'), at: z.number() }),
])

export type FoldedRecords = { ok: true; data: unknown; notes: string[] } | { ok: false; errors: string[] }

/**
 * Folds a session trace's records into one trace document (still unchecked: the caller holds it to
 * the schema). A last line cut off mid-write (a server killed while writing it) is left out with a
 * note; any other line that is not a record is an error naming its line.
 */
export function foldSessionRecords(text: string): FoldedRecords {
  const lines = text.split('\n')
  const tail = lines.pop() ?? '' // '' when the file ends with a newline, as every whole record does
  const notes: string[] = []
  const records: unknown[] = []
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    try {
      records.push(JSON.parse(line))
    } catch (error) {
      return { ok: false, errors: [`line ${index + 1}: not JSON: ${(error as Error).message}`] }
    }
  }
  if (tail.trim() !== '') {
    try {
      records.push(JSON.parse(tail))
    } catch {
      notes.push(
        `The last line (${tail.length} characters) was cut off while it was written (the server was killed?) and is left out; every whole line before it is here.`,
      )
    }
  }
  return fold(records, notes)
}

function fold(records: unknown[], notes: string[]): FoldedRecords {
  const [first, ...rest] = records.map((record) => recordSchema.safeParse(record))
  if (!first?.success || first.data.record !== 'header')
    return { ok: false, errors: ['line 1: not a session trace header ({"record":"header", …})'] }
  const { record: _header, ...document } = first.data
  const trace: Record<string, unknown> & { steps: unknown[]; artifacts: object } = {
    ...document,
    steps: [],
    artifacts: { ...(document.artifacts as object) },
  }
  let ended = false
  for (const [index, parsed] of rest.entries()) {
    if (!parsed.success)
      return {
        ok: false,
        errors: [`record ${index + 2}: ${parsed.error.issues[0]?.message ?? 'not a record'}`],
      }
    const record = parsed.data
    if (record.record === 'header') return { ok: false, errors: [`record ${index + 2}: a second header`] }
    if (record.record === 'step') {
      trace.steps.push(record.step)
      if (record.outcome) trace.outcome = record.outcome
      Object.assign(trace.artifacts, record.artifacts)
    }
    if (record.record === 'stopped') notes.push(`The server stopped recording: ${record.reason}`)
    if (record.record === 'end') ended = true
  }
  if (!ended)
    notes.push(
      'The file has no closing record: the server was still running or did not shut down cleanly (killed?). Every request recorded before that is here.',
    )
  return { ok: true, data: trace, notes }
}
