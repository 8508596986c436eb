import { decodeTextFile } from '../../explain/text-file.ts'
import { parseTrace, type ParseTraceResult } from '../../trace/parse.ts'
import { DEFAULT_SESSION_TRACE_MAX_BYTES } from '../../trace/session-records.ts'

/**
 * The largest trace file the page will read: a server session's trace as large as `npm run serve`
 * writes one by default; recorded flows are far below it.
 */
const MAX_TRACE_BYTES = DEFAULT_SESSION_TRACE_MAX_BYTES

/**
 * Reads a picked or dropped file as a trace (or a HAR, or Fiddler's .saz), refusing what is too big
 * or not a trace, with reasons. The page runs this in its trace reader's worker
 * (trace-reader.worker.ts), so parsing and checking a long trace never holds the page's thread.
 */
export async function readTraceBlob(file: Blob): Promise<ParseTraceResult> {
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
  if (file.size > MAX_TRACE_BYTES)
    return {
      ok: false,
      errors: [
        `the file is ${Math.round(file.size / 1024)} KiB; a trace is at most ${MAX_TRACE_BYTES / 1024} KiB`,
      ],
    }
  // UTF-16 with a byte-order mark (a trace or HAR saved by Windows PowerShell 5 or Notepad) reads as
  // `npm run flow -- explain` reads it. JSON never holds a raw NUL, so one left after decoding means
  // binary, or UTF-16 without the mark: say that, rather than echo the parser's unprintable complaint.
  const text = decodeTextFile(new Uint8Array(await file.arrayBuffer()))
  if (text.includes('\u0000'))
    return {
      ok: false,
      errors: [
        'the file is binary or UTF-16 text without a byte-order mark: a trace or a HAR is JSON text, a .saz a zip archive',
      ],
    }
  if (!looksLikeHar(text)) return parseTrace(text)
  const { harToTrace } = await import('../../har/import.ts')
  const imported = harToTrace(text)
  return imported.ok ? { ok: true, trace: imported.trace } : imported
}

// A HAR's root holds "log"; a trace's holds "format". Fiddler may put bytes before the brace.
function looksLikeHar(text: string): boolean {
  const head = text.slice(0, 200).replace(/\s+/g, '')
  return head.includes('{"log":')
}
