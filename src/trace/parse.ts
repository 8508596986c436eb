import { traceSchema, type Trace } from './schema.ts'
import { OLDER_TRACE_VERSIONS, TRACE_FORMAT, TRACE_VERSION } from './version.ts'
import { foldSessionRecords, isSessionRecords } from './session-records.ts'
import { upgradeTrace } from './upgrade.ts'

/** `notes`: what a reader should know about a trace that was still read (a server session cut off). */
export type ParseTraceResult = { ok: true; trace: Trace; notes?: string[] } | { ok: false; errors: string[] }

/**
 * Reads a trace file someone hands us. Nothing in it is trusted: it is parsed as JSON (one document,
 * or a server session's newline-delimited records folded into one), checked against the schema, and
 * every problem is reported with the path to the offending field. A trace of an older version is
 * brought up to this one first (src/trace/upgrade.ts).
 */
export function parseTrace(text: string): ParseTraceResult {
  if (isSessionRecords(text)) {
    const folded = foldSessionRecords(text)
    if (!folded.ok) return folded
    const checked = checkTrace(folded.data)
    return checked.ok ? { ...checked, notes: folded.notes } : checked
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${(error as Error).message}`] }
  }
  return checkTrace(data)
}

function checkTrace(data: unknown): ParseTraceResult {
  const header = data as { format?: unknown; version?: unknown } | null
  if (typeof header !== 'object' || header === null || header.format !== TRACE_FORMAT) {
    return { ok: false, errors: [`"format" is not "${TRACE_FORMAT}": this is not a device-join trace`] }
  }
  const known: readonly unknown[] = [TRACE_VERSION, ...OLDER_TRACE_VERSIONS]
  if (!known.includes(header.version)) {
    return {
      ok: false,
      errors: [
        `"version" ${JSON.stringify(header.version)} is not supported (this reader knows ${known.join(', ')})`,
      ],
    }
  }
  const result = traceSchema.safeParse(upgradeTrace(data as Record<string, unknown>))
  if (result.success) return { ok: true, trace: result.data }
  return {
    ok: false,
    errors: result.error.issues
      .slice(0, 20)
      .map((issue) => `"${issue.path.join('.') || '(root)'}": ${issue.message}`),
  }
}
