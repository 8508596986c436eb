import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { getResponse, type RequestHandler } from 'msw'
import { CLIENT_CERTIFICATE_HEADER } from '../../mocks/drs-delete.ts'
import { redact } from '../engine/recorder.ts'
import { laneForUrl } from '../trace/lanes.ts'
import type { SessionTrace } from './session-trace.ts'

export const MAX_BODY_BYTES = 1024 * 1024
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'content-length']

export class BodyTooLarge extends Error {}

/**
 * One request that came through a CONNECT tunnel, answered by the same MSW handlers the browser
 * and the runner use, and recorded in the session's trace.
 */
export async function answerTunnelled(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  context: { host: string; socket: TLSSocket; handlers: RequestHandler[]; session: SessionTrace; log: (line: string) => void },
): Promise<void> {
  const started = Date.now()
  const url = `https://${context.host}${incoming.url ?? '/'}`
  let status = 500
  try {
    const body = await readBody(incoming)
    const request = new Request(url, { method: incoming.method, headers: requestHeaders(incoming, context.socket), body: body.length > 0 ? new Uint8Array(body) : undefined })
    const response = (await getResponse(context.handlers, request)) ?? notEmulated(url)
    status = response.status
    const responseBody = await response.text()
    outgoing.writeHead(response.status, Object.fromEntries([...response.headers].filter(([name]) => !HOP_BY_HOP.includes(name))))
    outgoing.end(responseBody)
    context.session.record({
      protocol: 'http',
      from: 'device',
      to: laneForUrl(url),
      request: { method: request.method, url, headers: Object.fromEntries(request.headers), body: redact(body.toString('utf8')) },
      response: { status: response.status, headers: Object.fromEntries(response.headers), body: responseBody },
    })
  } catch (error) {
    status = error instanceof BodyTooLarge ? 413 : 400
    outgoing.writeHead(status, { 'content-type': 'application/json' })
    outgoing.end(JSON.stringify({ error: status === 413 ? 'request_too_large' : 'bad_request', error_description: (error as Error).message }))
  } finally {
    context.log(`${incoming.method} ${context.host}${(incoming.url ?? '').split('?')[0]} ${status} ${Date.now() - started}ms`)
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
    incoming.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge(`The body is larger than ${MAX_BODY_BYTES} bytes.`)) : resolve(Buffer.concat(chunks))))
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
  return Response.json({ error: 'not_emulated', error_description: `No emulated endpoint answers ${url}.` }, { status: 404 })
}
