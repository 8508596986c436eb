import { REDACTED } from '../../trace/redact.ts'
import { traceToHar } from '../../har/export.ts'
import type { Trace } from '../../trace/schema.ts'

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
