import type { Exchange, Trace } from '../trace/schema.ts'

/**
 * HAR 1.2 (the format every network tool reads: browsers' dev tools, Fiddler, Charles): one entry
 * per exchange. What HAR has no field for goes in fields starting with `_`, which other tools
 * ignore by the spec: the exchange's lanes, protocol and step, and the trace's steps, outcome and
 * artifacts in `log._trace`, so importing the file gives the same trace back.
 */
interface HarHeader {
  name: string
  value: string
}

interface HarEntry {
  startedDateTime: string
  time: number
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: never[]
    headers: HarHeader[]
    queryString: HarHeader[]
    postData?: { mimeType: string; text: string }
    headersSize: number
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: never[]
    headers: HarHeader[]
    content: { size: number; mimeType: string; text: string }
    redirectURL: string
    headersSize: number
    bodySize: number
  }
  cache: Record<string, never>
  timings: { send: number; wait: number; receive: number }
  _id: string
  _protocol: Exchange['protocol']
  _from: Exchange['from']
  _to: Exchange['to']
  _step: number
}

export interface Har {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    entries: HarEntry[]
    _trace?: Omit<Trace, 'steps'> & { steps: Array<Omit<Trace['steps'][number], 'exchanges'>> }
  }
}

const encoder = new TextEncoder()

export function traceToHar(trace: Trace): Har {
  const started = Date.parse(trace.startedAt)
  const entries = trace.steps.flatMap((step) =>
    step.exchanges.map((exchange) => entry(exchange, step.index, started)),
  )
  return {
    log: {
      version: '1.2',
      creator: { name: 'device-join-tracer', version: '0.1.0' },
      entries,
      _trace: { ...trace, steps: trace.steps.map(({ exchanges: _exchanges, ...step }) => step) },
    },
  }
}

function entry(exchange: Exchange, step: number, started: number): HarEntry {
  const { request, response } = exchange
  return {
    startedDateTime: new Date((Number.isNaN(started) ? 0 : started) + exchange.at).toISOString(),
    time: exchange.duration,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: exchange.protocol === 'http' ? 'HTTP/1.1' : exchange.protocol.toUpperCase(),
      cookies: [],
      headers: toHeaders(request.headers),
      queryString: queryOf(request.url),
      ...(request.body
        ? { postData: { mimeType: request.headers['content-type'] ?? '', text: request.body } }
        : {}),
      headersSize: -1,
      bodySize: encoder.encode(request.body).length,
    },
    response: {
      status: response.status,
      statusText: '',
      httpVersion: exchange.protocol === 'http' ? 'HTTP/1.1' : exchange.protocol.toUpperCase(),
      cookies: [],
      headers: toHeaders(response.headers),
      content: {
        size: encoder.encode(response.body).length,
        mimeType: response.headers['content-type'] ?? '',
        text: response.body,
      },
      redirectURL: response.headers.location ?? '',
      headersSize: -1,
      bodySize: encoder.encode(response.body).length,
    },
    cache: {},
    // The trace times the whole exchange, not its parts: all of it is waiting for the answer.
    timings: { send: 0, wait: exchange.duration, receive: 0 },
    _id: exchange.id,
    _protocol: exchange.protocol,
    _from: exchange.from,
    _to: exchange.to,
    _step: step,
  }
}

function toHeaders(headers: Record<string, string>): HarHeader[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }))
}

function queryOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }))
  } catch {
    return []
  }
}

export function harFileName(trace: Trace): string {
  return `${trace.story ?? trace.scenario}-${trace.startedAt.replace(/[:.]/g, '-')}.har`
}
