import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Tenant } from '../../mocks/tenant.ts'
import { answerDeviceCodes } from './device-code-approval.ts'
import type { SessionTrace } from './session-trace.ts'

/** Only the local tracer page may read the session; any loopback origin counts. */
const LOCAL_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/

/**
 * Plain HTTP to the proxy itself: the session's trace (`/__tracer/trace`) and a live feed of its
 * exchanges as server-sent events (`/__tracer/events`), and device-code approval
 * (`/__tracer/device-codes`). Anything else is not proxied.
 */
export function serveTracerEndpoints(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  context: { session: SessionTrace; tenant: Tenant; log: (line: string) => void; now: () => number },
): void {
  const { session, tenant, log, now } = context
  const started = now()
  outgoing.on('close', () =>
    log(`${incoming.method} ${incoming.url} ${outgoing.statusCode} ${now() - started}ms`),
  )
  const origin = incoming.headers.origin
  if (origin && LOCAL_ORIGIN.test(origin)) outgoing.setHeader('access-control-allow-origin', origin)
  const path = (incoming.url ?? '').split('?')[0]
  if (incoming.method === 'GET' && path === '/__tracer/trace') {
    outgoing.writeHead(200, { 'content-type': 'application/json' })
    return void outgoing.end(JSON.stringify(session.snapshot()))
  }
  if (incoming.method === 'GET' && path === '/__tracer/events') return streamEvents(outgoing, session)
  if (path === '/__tracer/device-codes') {
    // A page of another origin may not approve: the JSON body makes its browser ask first (CORS).
    if (origin && !LOCAL_ORIGIN.test(origin)) return void outgoing.writeHead(403).end()
    if (incoming.method === 'OPTIONS') return preflight(outgoing)
    return answerDeviceCodes(incoming, outgoing, tenant)
  }
  // A proxy request for http://… (absolute URL) is refused like any unknown path: nothing is forwarded.
  outgoing.writeHead(403, { 'content-type': 'text/plain' })
  outgoing.end(
    'This is an HTTPS proxy for the emulated tenant: HTTPS only, send CONNECT host:443. Plain HTTP is not proxied.\n',
  )
}

function preflight(outgoing: ServerResponse): void {
  outgoing.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'content-type',
  })
  outgoing.end()
}

/** Bytes of events a live follower may leave unread before it is dropped. */
const MAX_FOLLOWER_BACKLOG = 4 * 1024 * 1024

function streamEvents(outgoing: ServerResponse, session: SessionTrace): void {
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })
  outgoing.socket?.setTimeout(0) // a follower waits as long as it likes
  outgoing.write(`event: trace\ndata: ${JSON.stringify(session.snapshot())}\n\n`)
  const stop = session.onExchange((exchange) => {
    // A follower that stops reading would make the server queue events for it without end: past
    // the limit it is dropped, and its EventSource reconnects to a fresh snapshot when it can.
    if (outgoing.writableLength > MAX_FOLLOWER_BACKLOG) return void outgoing.destroy()
    outgoing.write(`event: exchange\ndata: ${JSON.stringify(exchange)}\n\n`)
  })
  outgoing.on('close', stop)
}
