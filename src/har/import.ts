import { z } from 'zod'
import { classifyRequest, type RequestClass } from '../trace/classify-request.ts'
import type { Lane } from '../trace/lanes.ts'
import { describeFailure, type JoinErrorCode, type Outcome } from '../trace/outcome.ts'
import { parseTrace } from '../trace/parse.ts'
import type { PhaseLetter, ScenarioId } from '../trace/phases.ts'
import { SCENARIO_IDS } from '../trace/phases.ts'
import type { Exchange, Failure, Step, Trace } from '../trace/schema.ts'
import { TRACE_FORMAT, TRACE_VERSION } from '../trace/version.ts'

/**
 * A HAR file (Chromium, Firefox, Fiddler's HAR export, or this tool's own) as a trace. This tool's
 * HARs carry the trace in `_` fields and come back whole; any other is classified request by
 * request (host, path, method, body) into the flow it fits best, and its failure is found from the
 * answers. Nothing in the file is trusted: every problem is a reason, never an exception.
 */
const nameValue = z.object({ name: z.string(), value: z.string() })
const entrySchema = z.object({
  startedDateTime: z.string(),
  // Read leniently: a capture with an odd time still imports, with a duration of 0.
  time: z.unknown().optional(),
  timings: z.unknown().optional(),
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.array(nameValue).default([]),
    postData: z
      .object({
        mimeType: z.string().optional(),
        text: z.string().optional(),
        params: z.array(z.object({ name: z.string(), value: z.string().optional() })).optional(),
      })
      .nullish(),
  }),
  response: z.object({
    status: z.number(),
    headers: z.array(nameValue).default([]),
    content: z.object({ text: z.string().optional(), encoding: z.string().optional() }).partial().default({}),
  }),
  _id: z.string().optional(),
  _protocol: z.enum(['http', 'ldap', 'sync']).optional(),
  _from: z.string().optional(),
  _to: z.string().optional(),
  _step: z.number().int().nonnegative().optional(),
})
const harSchema = z.object({
  log: z.object({
    entries: z.array(entrySchema),
    _trace: z.record(z.string(), z.unknown()).optional(),
  }),
})

type HarEntry = z.infer<typeof entrySchema>
export type HarImport = { ok: true; trace: Trace; ignored: number } | { ok: false; errors: string[] }

export function harToTrace(text: string): HarImport {
  // Fiddler's exports may carry a byte-order mark or bytes before the first brace.
  const start = text.indexOf('{')
  let data: unknown
  try {
    data = JSON.parse(start < 0 ? text : text.slice(start))
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${(error as Error).message}`] }
  }
  const parsed = harSchema.safeParse(data)
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues
        .slice(0, 10)
        .map((issue) => `"${issue.path.join('.') || '(root)'}": ${issue.message}`),
    }
  const { entries, _trace } = parsed.data.log
  return _trace ? ownHar(_trace, entries) : foreignHar(entries)
}

/** A HAR this tool wrote: the trace is in `_trace`, its exchanges in the entries. */
function ownHar(saved: Record<string, unknown>, entries: HarEntry[]): HarImport {
  const steps = Array.isArray(saved.steps) ? (saved.steps as Array<Record<string, unknown>>) : []
  const started = Date.parse(String(saved.startedAt))
  const rebuilt = {
    ...saved,
    steps: steps.map((step, index) => ({
      ...step,
      exchanges: entries.filter((entry) => entry._step === index).map((entry) => toExchange(entry, started)),
    })),
  }
  const checked = parseTrace(JSON.stringify(rebuilt))
  return checked.ok ? { ok: true, trace: checked.trace, ignored: 0 } : checked
}

function toExchange(entry: HarEntry, started: number, fallbackId?: string, lanes?: [Lane, Lane]): Exchange {
  const at = Date.parse(entry.startedDateTime) - started
  return {
    id: entry._id ?? fallbackId ?? 'x0',
    protocol: entry._protocol ?? 'http',
    from: (entry._from as Lane | undefined) ?? lanes?.[0] ?? 'device',
    to: (entry._to as Lane | undefined) ?? lanes?.[1] ?? 'azure-ad',
    at: Number.isFinite(at) && at > 0 ? at : 0,
    duration: durationOf(entry),
    request: {
      method: entry.request.method,
      url: entry.request.url,
      headers: toRecord(entry.request.headers, !entry._id),
      body: requestBody(entry),
    },
    response: {
      status: entry.response.status,
      headers: toRecord(entry.response.headers, !entry._id),
      body: responseBody(entry),
    },
  }
}

/**
 * How long the exchange took: HAR's `time` (the whole exchange, ms), else the sum of its `timings`
 * (-1 means a phase did not apply), else 0 when the file says nothing usable.
 */
function durationOf(entry: HarEntry): number {
  if (typeof entry.time === 'number' && Number.isFinite(entry.time) && entry.time >= 0) return entry.time
  const timings = typeof entry.timings === 'object' && entry.timings !== null ? entry.timings : {}
  const phases = Object.values(timings).filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0,
  )
  const sum = phases.reduce((total, value) => total + value, 0)
  return Number.isFinite(sum) ? sum : 0
}

// Another tool's names go to lower case (as HTTP/2 writes them and the trace does), HTTP/2's
// pseudo-headers are dropped, repeated headers join; this tool's own names come back as written.
function toRecord(headers: Array<{ name: string; value: string }>, foreign = true): Record<string, string> {
  const record: Record<string, string> = {}
  for (const { name, value } of headers) {
    const key = foreign ? name.toLowerCase() : name
    if (foreign && key.startsWith(':')) continue
    record[key] = key in record ? `${record[key]}, ${value}` : value
  }
  return record
}

function requestBody(entry: HarEntry): string {
  const postData = entry.request.postData
  if (!postData) return ''
  if (postData.text !== undefined) return postData.text
  return new URLSearchParams(
    (postData.params ?? []).map((param) => [param.name, param.value ?? '']),
  ).toString()
}

function responseBody(entry: HarEntry): string {
  const { text = '', encoding } = entry.response.content
  if (encoding !== 'base64') return text
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(text), (char) => char.charCodeAt(0)),
    )
  } catch {
    return `[binary body, ${text.length} base64 characters]`
  }
}

/** A HAR from a browser or a proxy: classify each request, keep the ones that belong to a flow. */
function foreignHar(entries: HarEntry[]): HarImport {
  const sorted = [...entries].sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime))
  const classified = sorted
    .map((entry) => ({ entry, kind: classifyRequest(requestOf(entry)) }))
    .filter(({ kind }) => kind.kind !== 'other')
  if (classified.length === 0)
    return {
      ok: false,
      errors: [
        `none of the ${entries.length} requests is a device registration request (Azure AD, DRS, AD FS)`,
      ],
    }
  const scenario = bestFlow(classified.map(({ kind }) => kind))
  const started = Date.parse(classified[0]!.entry.startedDateTime)
  let phase: PhaseLetter = 'A'
  const steps: Step[] = classified.map(({ entry, kind }, index) => {
    phase = kind.phases[scenario] ?? phase
    const exchange = toExchange(entry, started, `x${index + 1}`, ['device', laneOf(entry.request.url)])
    return {
      index,
      phase,
      state: `har.${kind.kind}`,
      title: `${kind.title}: ${entry.request.method} ${hostPath(entry.request.url)}`,
      narration: `Recorded in a HAR file${kind.fromWindows ? ', sent by Windows (User-Agent Dsreg)' : ''}; classified by its host, path, method and body.`,
      at: exchange.at,
      exchanges: [exchange],
    }
  })
  const { outcome, failure } = outcomeOf(steps)
  const trace: Trace = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario,
    startedAt: new Date(Number.isNaN(started) ? 0 : started).toISOString(),
    outcome,
    ...(failure ? { failure } : {}),
    steps,
    artifacts: {},
  }
  const checked = parseTrace(JSON.stringify(trace))
  return checked.ok
    ? { ok: true, trace: checked.trace, ignored: entries.length - classified.length }
    : checked
}

function requestOf(entry: HarEntry) {
  return {
    method: entry.request.method,
    url: entry.request.url,
    headers: toRecord(entry.request.headers),
    body: requestBody(entry),
  }
}

/** The flow in which most of the requests have a phase; the first such flow on a tie. */
function bestFlow(kinds: RequestClass[]): ScenarioId {
  const score = (flow: ScenarioId) => kinds.filter((kind) => kind.phases[flow]).length
  const federatedComputer = kinds.some((kind) => kind.kind === 'adfs-ws-trust')
  const hybridPut = kinds.some((kind) => kind.kind === 'hybrid-join')
  if (federatedComputer) return 'haadj-federated'
  if (hybridPut) return 'haadj-managed'
  return [...SCENARIO_IDS].sort((a, b) => score(b) - score(a))[0]!
}

function laneOf(url: string): Lane {
  let host = ''
  let path = ''
  try {
    ;({ hostname: host, pathname: path } = new URL(url))
  } catch {
    return 'azure-ad'
  }
  if (/^enterpriseregistration\./i.test(host)) return 'drs'
  if (/manage\.microsoft\.com$/i.test(host)) return 'mdm'
  if (/^\/adfs\//i.test(path)) return 'adfs'
  return 'azure-ad'
}

function hostPath(url: string): string {
  try {
    const { host, pathname } = new URL(url)
    return `${host}${pathname}`
  } catch {
    return url
  }
}

/** Registered if DRS issued a certificate; else the last refusal, named by what the service said. */
function outcomeOf(steps: Step[]): { outcome: Outcome; failure?: Failure } {
  const exchanges = steps.flatMap((step) => step.exchanges.map((exchange) => ({ step, exchange })))
  const joined = exchanges.some(
    ({ exchange, step }) => /device-join|hybrid-join/.test(step.state) && exchange.response.status === 200,
  )
  if (joined) return { outcome: 'registered' }
  const refused = exchanges.findLast(
    ({ exchange }) => exchange.response.status >= 400 || exchange.response.status === 0,
  )
  if (!refused) return { outcome: 'pending' }
  const code = failureCode(refused.exchange, refused.step.state)
  return {
    outcome: code,
    failure: {
      code,
      message: refusalMessage(refused.exchange) ?? describeFailure(code),
      phase: refused.step.phase,
    },
  }
}

function failureCode(exchange: Exchange, state: string): JoinErrorCode {
  const { status, body } = exchange.response
  if (status === 0 || status >= 500) return 'SERVICE_UNAVAILABLE'
  if (/AADSTS50126/.test(body)) return 'CREDENTIALS_REJECTED'
  if (/AADSTS50034/.test(body)) return 'USER_NOT_FOUND'
  if (/AADSTS5007[46]/.test(body)) return 'MFA_REJECTED'
  if (/AADSTS50008/.test(body)) return 'TOKEN_REJECTED'
  if (state.includes('discovery')) return 'DISCOVERY_FAILED'
  if (/DirectoryError/.test(body) && /not found|isn't found/i.test(body)) return 'DEVICE_NOT_SYNCED'
  if (status === 401) return 'TOKEN_REJECTED'
  if (/device-join|hybrid-join/.test(state)) return 'JOIN_REJECTED'
  return 'UNEXPECTED'
}

function refusalMessage(exchange: Exchange): string | undefined {
  try {
    const body = JSON.parse(exchange.response.body) as Record<string, unknown>
    const message = body.Message ?? String(body.error_description ?? '').split(/\r?\n/)[0]
    return typeof message === 'string' && message ? message : undefined
  } catch {
    return `${hostPath(exchange.request.url)} answered HTTP ${exchange.response.status}.`
  }
}
