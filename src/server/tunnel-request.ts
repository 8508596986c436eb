import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { getResponse, type RequestHandler } from 'msw'
import { CLIENT_CERTIFICATE_HEADER } from '../../mocks/drs-delete.ts'
import { redact } from '../trace/redact.ts'
import { laneForUrl } from '../trace/lanes.ts'
import { deadlineOf } from './deadlines.ts'
import { handlersForMethod } from './handlers-by-host.ts'
import type { SessionTrace } from './session-trace.ts'
import { RecordingStopped } from './trace-file.ts'

const MAX_BODY_BYTES = 1024 * 1024
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]

/** A request the proxy itself refuses before any emulated service sees it. */
class TunnelRequestError extends Error {
  readonly status: number
  readonly code: 'bad_request' | 'request_too_large' | 'recording_stopped'
  constructor(status: number, code: TunnelRequestError['code'], message: string) {
    super(message)
    this.name = 'TunnelRequestError'
    this.status = status
    this.code = code
  }
}

/**
 * One request that came through a CONNECT tunnel, answered by the same MSW handlers the browser
 * and the runner use, and recorded in the session's trace.
 */
export async function answerTunnelled(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  context: {
    host: string
    socket: TLSSocket
    handlers: RequestHandler[]
    session: SessionTrace
    log: (line: string) => void
    /** The server's clock, for the log's durations. */
    now: () => number
  },
): Promise<void> {
  const started = context.now()
  const url = `https://${context.host}${incoming.url ?? '/'}`
  const deadline = deadlineOf(context.socket)
  outgoing.on('finish', () => deadline?.arm()) // keep-alive: the next request is on the client's clock again
  let status = 500
  try {
    const body = await readBody(incoming)
    deadline?.clear()
    // Recording has stopped (the trace file's cap): nothing the services would do could be recorded.
    const stopped = context.session.stopped()
    if (stopped) throw new TunnelRequestError(503, 'recording_stopped', stopped)
    const request = toRequest(url, incoming, context.socket, body)
    const handlers = handlersForMethod(context.handlers, request.method)
    const response = (await getResponse(handlers, request)) ?? notEmulated(url)
    if (response.type === 'error') {
      // A dropped-connection fault: the client sees the connection close with no answer.
      context.log(`${request.method} ${url} -> connection dropped (fault)`)
      context.socket.destroy()
      return
    }
    status = response.status
    const responseBody = await response.text()
    // On disk before the client hears anything: an answer the client saw is never missing from the trace.
    recordExchange(
      context.session,
      {
        protocol: 'http',
        from: 'device',
        to: laneForUrl(url),
        request: {
          method: request.method,
          url,
          headers: Object.fromEntries(request.headers),
          body: redact(body.toString('utf8')),
        },
        response: {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: responseBody,
        },
      },
      started,
    )
    outgoing.writeHead(
      response.status,
      Object.fromEntries([...response.headers].filter(([name]) => !HOP_BY_HOP.includes(name))),
    )
    outgoing.end(responseBody)
  } catch (error) {
    status = error instanceof TunnelRequestError ? error.status : 500
    if (status === 500) context.log(`error answering ${url}: ${(error as Error).stack ?? String(error)}`)
    if (!outgoing.headersSent) {
      outgoing.writeHead(status, { 'content-type': 'application/json' })
      outgoing.end(
        JSON.stringify({
          error: error instanceof TunnelRequestError ? error.code : 'server_error',
          error_description:
            error instanceof TunnelRequestError ? error.message : 'The proxy hit an unexpected error.',
        }),
      )
    }
  } finally {
    context.log(
      `${incoming.method} ${context.host}${(incoming.url ?? '').split('?')[0]} ${status} ${context.now() - started}ms`,
    )
  }
}

function recordExchange(
  session: SessionTrace,
  record: Parameters<SessionTrace['record']>[0],
  started: number,
): void {
  try {
    session.record(record, started)
  } catch (error) {
    if (error instanceof RecordingStopped)
      throw new TunnelRequestError(503, 'recording_stopped', error.message)
    throw error
  }
}

function toRequest(url: string, incoming: IncomingMessage, socket: TLSSocket, body: Buffer): Request {
  try {
    return new Request(url, {
      method: incoming.method,
      headers: requestHeaders(incoming, socket),
      body: body.length > 0 ? new Uint8Array(body) : undefined,
    })
  } catch (error) {
    // fetch's Request refuses what no service would take: TRACE, a GET with a body. (A CONNECT inside
    // a tunnel never gets here: refuseNestedConnect answers it.)
    throw new TunnelRequestError(400, 'bad_request', (error as Error).message)
  }
}

// Past the limit the rest is read and dropped, so the client still gets its 413 rather than a reset.
function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    incoming.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(
            new TunnelRequestError(
              413,
              'request_too_large',
              `The body is larger than ${MAX_BODY_BYTES} bytes.`,
            ),
          )
        : resolve(Buffer.concat(chunks)),
    )
    incoming.on('error', reject)
  })
}

// The client certificate reaches the handlers only from the TLS handshake, never from the client.
function requestHeaders(incoming: IncomingMessage, socket: TLSSocket): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (HOP_BY_HOP.includes(name) || name === CLIENT_CERTIFICATE_HEADER || value === undefined) continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const peer = socket.getPeerCertificate()
  if (peer && 'raw' in peer && peer.raw) headers.set(CLIENT_CERTIFICATE_HEADER, peer.raw.toString('base64'))
  return headers
}

function notEmulated(url: string): Response {
  return Response.json(
    { error: 'not_emulated', error_description: `No emulated endpoint answers ${url}.` },
    { status: 404 },
  )
}
