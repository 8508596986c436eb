import { REDACTED } from '../../trace/redact.ts'
import { traceToHar } from '../../har/export.ts'
import type { ParseTraceResult } from '../../trace/parse.ts'
import type { Trace } from '../../trace/schema.ts'

/**
 * The largest trace file the page will read: a server session's trace as large as `npm run serve`
 * writes one by default; recorded flows are far below it. Read from the records' module when a file
 * is opened: that module brings zod, which the first screen does without.
 */
const maxTraceBytes = async (): Promise<number> =>
  (await import('../../trace/session-records.ts')).DEFAULT_SESSION_TRACE_MAX_BYTES

/**
 * A trace ready to save: passwords were never recorded, and the story's demo credentials are
 * scrubbed from anywhere they might appear (a user name typed into a password field, say).
 */
export function exportTrace(trace: Trace, secrets: readonly string[] = []): string {
  return scrub(JSON.stringify(trace, null, 2), secrets)
}

/** The same trace as HAR 1.2, for any network tool; scrubbed the same way. */
export function exportHar(trace: Trace, secrets: readonly string[] = []): string {
  return scrub(JSON.stringify(traceToHar(trace), null, 2), secrets)
}

function scrub(json: string, secrets: readonly string[]): string {
  let text = json
  for (const secret of secrets.filter((value) => value.length >= 4)) text = text.split(secret).join(REDACTED)
  return `${text}\n`
}

export function traceFileName(trace: Trace): string {
  const stamp = trace.startedAt.replace(/[:.]/g, '-')
  return `${trace.story ?? trace.scenario}-${stamp}.trace.json`
}

/**
 * Reads a picked or dropped file as a trace (or a HAR, or Fiddler's .saz), refusing what is too big
 * or not a trace, with reasons.
 */
export async function readTraceFile(file: Blob): Promise<ParseTraceResult> {
  // A zip is a Fiddler session archive or nothing this page reads; its reader (and its unzip
  // library) load only when one is opened.
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer())
  if (magic[0] === 0x50 && magic[1] === 0x4b) {
    const { MAX_SAZ_BYTES, sazToTrace } = await import('../../har/saz.ts')
    if (file.size > MAX_SAZ_BYTES)
      return {
        ok: false,
        errors: [
          `the file is ${Math.round(file.size / 1024)} KiB; a session archive is read up to ${MAX_SAZ_BYTES / 1024} KiB`,
        ],
      }
    const imported = sazToTrace(new Uint8Array(await file.arrayBuffer()))
    return imported.ok ? { ok: true, trace: imported.trace } : imported
  }
  const max = await maxTraceBytes()
  if (file.size > max)
    return {
      ok: false,
      errors: [`the file is ${Math.round(file.size / 1024)} KiB; a trace is at most ${max / 1024} KiB`],
    }
  const text = await file.text()
  // The readers (zod with the trace schema; the HAR classifier) load when a file is opened.
  if (!looksLikeHar(text)) return (await import('../../trace/parse.ts')).parseTrace(text)
  const { harToTrace } = await import('../../har/import.ts')
  const imported = harToTrace(text)
  return imported.ok ? { ok: true, trace: imported.trace } : imported
}

// A HAR's root holds "log"; a trace's holds "format". Fiddler may put bytes before the brace.
function looksLikeHar(text: string): boolean {
  const head = text.slice(0, 200).replace(/\s+/g, '')
  return head.includes('{"log":')
}
