import type { Socket } from 'node:net'
import type { RunClock } from '../engine/run-clock.ts'

/** How long a client may take, so a slow or silent one cannot hold a connection for ever. */
export interface Timeouts {
  /** A connection with no traffic at all for this long is closed (traffic inside a tunnel counts). */
  idleMs: number
  /**
   * From the moment a connection may send a request (a tunnel opened, the previous answer sent)
   * to the end of that request's body. A client trickling a byte at a time never goes idle, so
   * this is what stops a slowloris.
   */
  requestMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { idleMs: 30_000, requestMs: 15_000 }

export interface RequestDeadline {
  /** The connection may now send a request: start the clock. */
  arm: () => void
  /** The request has arrived in full: whatever the service does next is not the client's time. */
  clear: () => void
}

const deadlines = new WeakMap<Socket, RequestDeadline>()

/**
 * A request deadline for one tunnelled connection. Node's own `headersTimeout`/`requestTimeout`
 * only watch connections of a server that listens itself, and the tunnelled HTTP server is fed
 * sockets by hand, so it keeps its own clock. On expiry the client gets a bare 408, then the close.
 */
export function requestDeadline(
  socket: Socket,
  timeouts: Pick<Timeouts, 'requestMs'>,
  clock: Pick<RunClock, 'setTimeout' | 'clearTimeout'>,
): RequestDeadline {
  let timer: unknown
  const clear = () => clock.clearTimeout(timer)
  const arm = () => {
    clear()
    timer = clock.setTimeout(() => {
      if (socket.writable)
        socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      // Before the TLS handshake the 408 cannot be sent at all: close regardless, soon after.
      clock.setTimeout(() => socket.destroy(), 200)
    }, timeouts.requestMs)
  }
  socket.once('close', clear)
  const deadline = { arm, clear }
  deadlines.set(socket, deadline)
  arm()
  return deadline
}

/** The deadline of the connection a request came on, if it has one. */
export function deadlineOf(socket: Socket): RequestDeadline | undefined {
  return deadlines.get(socket)
}
