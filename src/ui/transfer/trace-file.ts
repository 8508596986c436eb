import { REDACTED } from '../../trace/redact.ts'
import { parseTrace, type ParseTraceResult } from '../../trace/parse.ts'
import type { Trace } from '../../trace/schema.ts'

/** The largest trace file the page will read; recorded flows are far below it. */
const MAX_TRACE_BYTES = 5 * 1024 * 1024

/**
 * A trace ready to save: passwords were never recorded, and the story's demo credentials are
 * scrubbed from anywhere they might appear (a user name typed into a password field, say).
 */
export function exportTrace(trace: Trace, secrets: readonly string[] = []): string {
  let text = JSON.stringify(trace, null, 2)
  for (const secret of secrets.filter((value) => value.length >= 4)) text = text.split(secret).join(REDACTED)
  return `${text}\n`
}

export function traceFileName(trace: Trace): string {
  const stamp = trace.startedAt.replace(/[:.]/g, '-')
  return `${trace.story ?? trace.scenario}-${stamp}.trace.json`
}

/** Reads a picked or dropped file as a trace, refusing what is too big or not a trace, with reasons. */
export async function readTraceFile(file: Blob): Promise<ParseTraceResult> {
  if (file.size > MAX_TRACE_BYTES)
    return {
      ok: false,
      errors: [
        `the file is ${Math.round(file.size / 1024)} KiB; a trace is at most ${MAX_TRACE_BYTES / 1024} KiB`,
      ],
    }
  return parseTrace(await file.text())
}
