import { writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { createSecureContext, TLSSocket } from 'node:tls'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { createHandlers } from '../../mocks/handlers.ts'
import { createTenant, type Tenant } from '../../mocks/tenant.ts'
import { loadOrCreateCa, type LocalCa } from './local-ca.ts'
import { SessionTrace } from './session-trace.ts'
import { serveTracerEndpoints } from './tracer-endpoints.ts'
import { answerTunnelled } from './tunnel-request.ts'

export interface ServerOptions {
  port: number
  host: string
  dataDir: string
  fixture: TenantFixture
  tracePath?: string
  log?: (line: string) => void
}

export interface RunningServer {
  port: number
  caPath: string
  tenant: Tenant
  session: SessionTrace
  close: () => Promise<void>
}

const IDLE_MS = 30_000

/**
 * The emulated tenant as a local HTTPS proxy: CONNECT to an emulated host is answered here over
 * TLS with a certificate from the local CA; any other host is refused and nothing is forwarded.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line))
  const tenant = createTenant(options.fixture)
  const handlers = createHandlers(tenant)
  const ca = await loadOrCreateCa(options.dataDir)
  const session = new SessionTrace((await tenant.deviceCa()).pem)
  if (options.tracePath) {
    const path = options.tracePath
    session.onExchange((_, trace) => writeFileSync(path, `${JSON.stringify(trace, null, 2)}\n`))
  }
  const hosts = emulatedHosts(options.fixture)
  const sockets = new Set<Socket>()
  const tunnelled = createServer((incoming, outgoing) => {
    const socket = incoming.socket as TLSSocket & { emulatedHost?: string }
    void answerTunnelled(incoming, outgoing, { host: socket.emulatedHost ?? '', socket, handlers, session, log })
  })
  const proxy = createServer((incoming, outgoing) => serveTracerEndpoints(incoming, outgoing, session))
  proxy.on('connection', (socket: Socket) => track(sockets, socket))
  proxy.on('clientError', (_, socket) => socket.writable && socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
  proxy.on('connect', (request: IncomingMessage, socket: Socket) => void openTunnel(request, socket, { hosts, ca, tunnelled, log }))
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
        proxy.close(() => resolve())
      }),
  }
}

function track(sockets: Set<Socket>, socket: Socket): void {
  sockets.add(socket)
  socket.setTimeout(IDLE_MS, () => socket.destroy())
  socket.on('close', () => sockets.delete(socket))
  socket.on('error', () => socket.destroy())
}

async function openTunnel(request: IncomingMessage, socket: Socket, context: { hosts: Set<string>; ca: LocalCa; tunnelled: Server; log: (line: string) => void }): Promise<void> {
  const match = /^([a-z0-9.-]+):(\d{1,5})$/i.exec(request.url ?? '')
  const host = match?.[1]?.toLowerCase()
  if (!match || !host) return refuse(socket, 400, 'Bad Request', `"${request.url ?? ''}" is not host:port.`, context.log)
  if (!context.hosts.has(host)) return refuse(socket, 403, 'Forbidden', `${host} is not an emulated host: this proxy forwards nothing.`, context.log)
  if (match[2] !== '443') return refuse(socket, 403, 'Forbidden', `Only port 443 of ${host} is emulated.`, context.log)
  const leaf = await context.ca.leafFor(host)
  socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
  const tls = Object.assign(new TLSSocket(socket, { isServer: true, secureContext: createSecureContext(leaf), requestCert: true, rejectUnauthorized: false }), { emulatedHost: host })
  tls.on('error', () => socket.destroy())
  context.tunnelled.emit('connection', tls)
}

function refuse(socket: Socket, status: number, reason: string, message: string, log: (line: string) => void): void {
  log(`CONNECT refused: ${message}`)
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}\n`)
}

/** The hosts the emulated tenant answers for: Azure AD, DRS, its AD FS and its MDM. */
export function emulatedHosts(fixture: TenantFixture): Set<string> {
  const hosts = new Set(['login.microsoftonline.com', 'enterpriseregistration.windows.net'])
  if (fixture.federation) hosts.add(fixture.federation.stsHost.toLowerCase())
  if (fixture.mdmTermsOfUseUrl) hosts.add(new URL(fixture.mdmTermsOfUseUrl).host.toLowerCase())
  return hosts
}

