import type { RunClock } from '../engine/run-clock.ts'
import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls'
import { requestDeadline, type Timeouts } from './deadlines.ts'
import type { LocalCa } from './local-ca.ts'

export interface TunnelContext {
  hosts: Set<string>
  ca: LocalCa
  /** The HTTP server that reads requests inside tunnels; it never listens itself. */
  tunnelled: Server
  timeouts: Timeouts
  /** The server's clock: the request deadlines run on it. */
  clock: RunClock
  log: (line: string) => void
}

/** A TLS socket inside a tunnel, marked with the host the client asked CONNECT for. */
export type TunnelSocket = TLSSocket & { emulatedHost?: string }

/**
 * `CONNECT host:443`: for an emulated host, TLS is terminated here with a certificate from the
 * local CA and the requests inside go to the tunnelled HTTP server; any other host is refused and
 * nothing is forwarded. The client may present a certificate (a device certificate, for DELETE):
 * it is asked for one but not required to have one, and the handlers judge it.
 */
export async function openTunnel(
  request: IncomingMessage,
  socket: Socket,
  head: Buffer,
  context: TunnelContext,
): Promise<void> {
  // Bytes that came in the CONNECT's own packet (an eager client's ClientHello) are already off
  // the socket: put them back first, so the TLS socket below reads them before anything newer.
  if (head.length > 0) socket.unshift(head)
  const match = /^([a-z0-9.-]+):(\d{1,5})$/i.exec(request.url ?? '')
  const host = match?.[1]?.toLowerCase()
  if (!match || !host)
    return refuse(socket, 400, 'Bad Request', `"${request.url ?? ''}" is not host:port.`, context.log)
  if (!context.hosts.has(host))
    return refuse(
      socket,
      403,
      'Forbidden',
      `${host} is not an emulated host: this proxy forwards nothing.`,
      context.log,
    )
  if (match[2] !== '443')
    return refuse(socket, 403, 'Forbidden', `Only port 443 of ${host} is emulated.`, context.log)
  let secureContext
  try {
    secureContext = secureContextOf(await context.ca.leafFor(host))
  } catch (error) {
    return refuse(
      socket,
      502,
      'Bad Gateway',
      `No certificate for ${host}: ${(error as Error).message}`,
      context.log,
    )
  }
  if (socket.destroyed) return
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
  const tls: TunnelSocket = Object.assign(
    new TLSSocket(socket, { isServer: true, secureContext, requestCert: true, rejectUnauthorized: false }),
    { emulatedHost: host },
  )
  tls.on('error', () => tls.destroy())
  tls.on('close', () => socket.destroy())
  requestDeadline(tls, context.timeouts, context.clock)
  context.tunnelled.emit('connection', tls)
}

// One TLS context per host certificate, not one per CONNECT: making one parses the key and the chain
// again each time, and a client that opens a tunnel per request (curl) would pay it on every request.
// Shared, it also lets a client resume its TLS session; OpenSSL refuses to resume a session whose
// client certificate was asked for (requestCert) unless the context names a session ID context.
const secureContexts = new WeakMap<{ cert: string; key: string }, SecureContext>()

function secureContextOf(leaf: { cert: string; key: string }): SecureContext {
  let secureContext = secureContexts.get(leaf)
  if (!secureContext)
    secureContexts.set(
      leaf,
      (secureContext = createSecureContext({ ...leaf, sessionIdContext: 'device-join-tracer' })),
    )
  return secureContext
}

/**
 * A CONNECT sent inside a tunnel: Node hands it to the tunnelled server's `connect` event, and with
 * no listener would close the connection without a word. It is refused like any bad request.
 */
export function refuseNestedConnect(log: (line: string) => void) {
  return (request: IncomingMessage, socket: Socket): void => {
    const body = JSON.stringify({
      error: 'bad_request',
      error_description: 'CONNECT inside a tunnel is not supported: this proxy forwards nothing.',
    })
    log(`CONNECT ${request.url ?? ''} inside a tunnel refused: 400`)
    if (socket.writable)
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
  }
}

function refuse(
  socket: Socket,
  status: number,
  reason: string,
  message: string,
  log: (line: string) => void,
): void {
  log(`CONNECT refused: ${message}`)
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}\n`,
    )
}
