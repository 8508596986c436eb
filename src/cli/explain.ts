import { readFileSync, statSync } from 'node:fs'
import { analyseDsregStatus, type DeviceAnalysis } from '../explain/dsregcmd/analyse.ts'
import { MAX_INPUT, parseDsregStatus, type DsregReport } from '../explain/dsregcmd/parse.ts'
import { explainTraceFailure } from '../explain/failures.ts'
import { decodeTextFile } from '../explain/text-file.ts'
import { harToTrace, type HarImport } from '../har/import.ts'
import { MAX_SAZ_BYTES, sazToTrace } from '../har/saz.ts'
import { parseTrace } from '../trace/parse.ts'
import { DEFAULT_SESSION_TRACE_MAX_BYTES, isSessionRecords } from '../trace/session-records.ts'
import type { Trace } from '../trace/schema.ts'

/**
 * `npm run flow -- explain <file>`: a real device's dsregcmd /status text, or a trace, read as join
 * state, flow, phase reached, failure, meaning and what to check. Exit 0 when the file was read
 * (whatever it says about the device), 2 when it was refused.
 */
export function explainFile(path: string | undefined): { text: string; code: number } {
  if (!path)
    return {
      text: 'usage: npm run flow -- explain <dsregcmd-status.txt | trace.json | capture.har | capture.saz>',
      code: 2,
    }
  let size: number
  try {
    size = statSync(path).size
  } catch (error) {
    return { text: `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, code: 2 }
  }
  // A server session's trace may be as large as the server writes one by default.
  const limit = Math.max(MAX_SAZ_BYTES, MAX_INPUT * 40, DEFAULT_SESSION_TRACE_MAX_BYTES)
  if (size > limit)
    return { text: `${path}: ${size} bytes is too big for dsregcmd output, a trace or a capture`, code: 2 }
  const bytes = readFileSync(path)
  // A zip can only be Fiddler's session archive; anything else is text.
  if (bytes.subarray(0, 2).toString('latin1') === 'PK')
    return explainCapture(path, 'a Fiddler session archive', sazToTrace(bytes))
  const text = decodeTextFile(bytes)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) return explainJson(path, text)
  const parsed = parseDsregStatus(text)
  if (!parsed.ok) return { text: `${path}: not read: ${parsed.reason}`, code: 2 }
  return { text: formatAnalysis(`${path}: dsregcmd /status`, analyseDsregStatus(parsed.report)), code: 0 }
}

function explainJson(path: string, text: string): { text: string; code: number } {
  if (isSessionRecords(text)) return explainTrace(path, text)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { text: `${path}: not read: not JSON (${(error as Error).message})`, code: 2 }
  }
  if (json && typeof json === 'object' && 'log' in json)
    return explainCapture(path, 'a HAR', harToTrace(text))
  return explainTrace(path, text)
}

function explainTrace(path: string, text: string): { text: string; code: number } {
  const parsed = parseTrace(text)
  if (!parsed.ok) return { text: `${path}: not read as a trace:\n  ${parsed.errors.join('\n  ')}`, code: 2 }
  const notes = (parsed.notes ?? []).map((note) => `\nNote: ${note}`).join('')
  return { text: `${formatTrace(path, parsed.trace)}${notes}`, code: 0 }
}

/** A capture (HAR or .saz) classified request by request, or why it could not be read. */
function explainCapture(path: string, kind: string, imported: HarImport): { text: string; code: number } {
  if (!imported.ok)
    return { text: `${path}: not read as ${kind}:\n  ${imported.errors.join('\n  ')}`, code: 2 }
  const ignored =
    imported.ignored > 0 ? `\n(${imported.ignored} requests not part of a registration left out)` : ''
  return { text: `${formatTrace(path, imported.trace, kind)}${ignored}`, code: 0 }
}

function formatTrace(path: string, trace: Trace, capture?: string): string {
  const device = trace.device ? analyseDsregStatus(asReport(trace.device)) : undefined
  const lastPhase = trace.steps.at(-1)?.phase ?? '?'
  const lines = [
    `${path}: ${capture ? `${capture} classified as` : 'trace of'} ${trace.scenario}${trace.story ? ` (story ${trace.story})` : ''}`,
    row('Join state', device?.joinState ?? 'unknown (the trace has no dsregcmd state)'),
    row('Flow', trace.scenario),
    row('Phase reached', lastPhase),
    row('Outcome', trace.outcome),
  ]
  const failure = explainTraceFailure(trace)
  if (failure) {
    lines.push(
      row('Error phase', failure.errorPhase ?? 'none: the device joined, this failed after'),
      row('Client error code', failure.client ? `${failure.client.hex} ${failure.client.name}` : 'none'),
    )
    if (failure.serverErrorCode) lines.push(row('Server error code', failure.serverErrorCode))
    if (failure.serverMessage) lines.push(row('Server message', failure.serverMessage))
    if (failure.httpStatus) lines.push(row('HTTP status', String(failure.httpStatus)))
    if (failure.requestId) lines.push(row('Request ID', failure.requestId))
    lines.push(
      '',
      'What it means:',
      `  ${failure.meaning}`,
      '',
      'What to check:',
      ...failure.check.map((line) => `  - ${line}`),
    )
  }
  return lines.join('\n')
}

function formatAnalysis(title: string, analysis: DeviceAnalysis): string {
  const failure = analysis.failure
  const lines = [
    title,
    row('Join state', analysis.joinState),
    row('Flow', analysis.flow),
    row('Phase reached', analysis.phaseReached),
  ]
  if (failure) {
    if (failure.errorPhase) lines.push(row('Error phase', failure.errorPhase))
    if (failure.failedTest) lines.push(row('Failed test', failure.failedTest))
    if (failure.clientCode)
      lines.push(
        row('Client error code', `${failure.clientCode}${failure.client ? ` ${failure.client.name}` : ''}`),
      )
    if (failure.innerCode) lines.push(row('Inner code', failure.innerCode))
    if (failure.serverErrorCode) lines.push(row('Server error code', failure.serverErrorCode))
    if (failure.serverMessage) lines.push(row('Server message', failure.serverMessage))
    if (failure.httpStatus) lines.push(row('HTTPS status', failure.httpStatus))
    if (failure.requestId) lines.push(row('Request ID', failure.requestId))
    lines.push('', 'What it means:', `  ${failure.meaning}`)
    if (failure.check.length > 0)
      lines.push('', 'What to check:', ...failure.check.map((line) => `  - ${line}`))
  }
  if (analysis.findings.length > 0)
    lines.push('', 'Also worth a look:', ...analysis.findings.map((line) => `  - ${line}`))
  if (analysis.story)
    lines.push(
      '',
      `Replay the same failure: npm run flow -- --story ${analysis.story.id}  (${analysis.story.title})`,
    )
  return lines.join('\n')
}

function row(name: string, value: string): string {
  return `${name.padStart(18)} : ${value}`
}

function asReport(sections: Record<string, Record<string, string>>): DsregReport {
  return {
    sections: Object.entries(sections).map(([title, fields]) => ({
      title,
      fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
    })),
  }
}
