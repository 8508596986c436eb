import { createServer, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { approveDeviceCodesAs } from '../../mocks/device-code.ts'
import type { ArmedFault } from '../../mocks/faults/inject.ts'
import { createHandlers } from '../../mocks/handlers.ts'
import { createTenant, type Tenant } from '../../mocks/tenant.ts'
import { createRealTimeClock, type RunClock } from '../engine/run-clock.ts'
import { openTunnel, refuseNestedConnect, type TunnelSocket } from './connect-tunnel.ts'
import { DEFAULT_TIMEOUTS, type Timeouts } from './deadlines.ts'
import { loadOrCreateCa } from './local-ca.ts'
import { SessionTrace } from './session-trace.ts'
import { syncComputerCertificates, type ComputerCertificate } from './synced-devices.ts'
import { DEFAULT_SESSION_TRACE_MAX_BYTES } from '../trace/session-records.ts'
import { openTraceFile } from './trace-file.ts'
import { serveTracerEndpoints } from './tracer-endpoints.ts'
import { answerTunnelled } from './tunnel-request.ts'
import { handlersByHost } from './handlers-by-host.ts'

export interface ServerOptions {
  port: number
  host: string
  dataDir: string
  fixture: TenantFixture
  /** Written to the computers' userCertificate before one sync cycle, so a real client can make the hybrid PUT. */
  computerCertificates?: ComputerCertificate[]
  tracePath?: string
  /** The trace file's size cap (`--trace-max-mb`); past it every request is refused with 503. */
  traceMaxBytes?: number
  /** Every device code is approved at once as this user (`--approve-device-codes`), for scripts. */
  approveDeviceCodesAs?: string
  timeouts?: Partial<Timeouts>
  log?: (line: string) => void
  /** The server's one clock (real time by default): the tenant's `now`, the session trace, deadlines. */
  clock?: RunClock
  /** Faults armed for every client (`--fault`); a latency really waits, on the server's clock. */
  faults?: readonly ArmedFault[]
}

export interface RunningServer {
  port: number
  caPath: string
  tenant: Tenant
  session: SessionTrace
  close: () => Promise<void>
}

/**
 * The emulated tenant as a local HTTPS proxy: CONNECT to an emulated host is answered here over
 * TLS with a certificate from the local CA; any other host is refused and nothing is forwarded.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line))
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  const clock = options.clock ?? createRealTimeClock()
  const tenant = createTenant(options.fixture, { now: clock.now, newId: () => crypto.randomUUID() })
  for (const line of syncComputerCertificates(tenant, options.computerCertificates ?? [])) log(line)
  if (options.approveDeviceCodesAs) approveDeviceCodesAs(tenant, options.approveDeviceCodesAs)
  const handlers = createHandlers(tenant, {
    armed: options.faults ?? [],
    wait: (ms) => new Promise<void>((resolve) => void clock.setTimeout(resolve, ms)),
  })
  const ca = await loadOrCreateCa(options.dataDir, clock.now)
  const session = new SessionTrace((await tenant.deviceCa()).pem, clock.now)
  if (options.tracePath)
    session.writeTo(
      openTraceFile(options.tracePath, {
        maxBytes: options.traceMaxBytes ?? DEFAULT_SESSION_TRACE_MAX_BYTES,
        now: clock.now,
        log,
      }),
    )
  const hosts = emulatedHosts(options.fixture)
  const handlersFor = handlersByHost(handlers, hosts)
  const sockets = new Set<Socket>()
  const tunnelled = createServer((incoming, outgoing) => {
    const socket = incoming.socket as TunnelSocket
    void answerTunnelled(incoming, outgoing, {
      host: socket.emulatedHost ?? '',
      socket,
      handlers: handlersFor.get(socket.emulatedHost ?? '') ?? handlers,
      session,
      log,
      now: clock.now,
    })
  })
  // Node's own clocks for the proxy's plain HTTP side: a CONNECT line or a tracer request must
  // arrive whole within the request deadline, and they are checked every second, not every 30.
  const proxy = createServer(
    {
      headersTimeout: timeouts.requestMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1000, timeouts.requestMs),
    },
    (incoming, outgoing) =>
      serveTracerEndpoints(incoming, outgoing, { session, tenant, log, now: clock.now }),
  )
  proxy.on('connection', (socket: Socket) => track(sockets, socket, timeouts))
  proxy.on('clientError', rejectMalformed(log))
  tunnelled.on('clientError', rejectMalformed(log))
  tunnelled.on('connect', refuseNestedConnect(log))
  proxy.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    openTunnel(request, socket, head, { hosts, ca, tunnelled, timeouts, log, clock }).catch(
      (error: unknown) => {
        log(`CONNECT ${request.url ?? ''} failed: ${(error as Error).message}`)
        socket.destroy()
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject)
    proxy.listen(options.port, options.host, () => resolve())
  })
  const address = proxy.address()
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    caPath: ca.certificatePath,
    tenant,
    session,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        proxy.close(() => {
          session.close()
          resolve()
        })
      }),
  }
}

// A request Node's parser refuses (bad request line, headers too large) or that came too slowly.
function rejectMalformed(log: (line: string) => void) {
  return (error: NodeJS.ErrnoException, socket: Socket) => {
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : '400 Bad Request'
    log(`rejected a malformed or slow request: ${status} (${error.code ?? error.message})`)
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }
}

function track(sockets: Set<Socket>, socket: Socket, timeouts: Timeouts): void {
  sockets.add(socket)
  socket.setTimeout(timeouts.idleMs, () => socket.destroy())
  socket.on('close', () => sockets.delete(socket))
  socket.on('error', () => socket.destroy())
}

/** The hosts the emulated tenant answers for: Azure AD, DRS, its AD FS and its MDM. */
function emulatedHosts(fixture: TenantFixture): Set<string> {
  const hosts = new Set(['login.microsoftonline.com', 'enterpriseregistration.windows.net'])
  if (fixture.federation) hosts.add(fixture.federation.stsHost.toLowerCase())
  if (fixture.mdmTermsOfUseUrl) hosts.add(new URL(fixture.mdmTermsOfUseUrl).host.toLowerCase())
  return hosts
}
