import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { TRACE_FORMAT, TRACE_VERSION, type Exchange, type Trace } from '../trace/schema.ts'
import type { PhaseLetter } from '../trace/phases.ts'

interface Endpoint {
  test: (url: URL, method: string) => boolean
  phase: PhaseLetter
  title: string
}

// Which phase of the seed (as the managed cloud flow numbers them) a real client's request belongs to.
const ENDPOINTS: Endpoint[] = [
  {
    test: (url) => url.pathname.endsWith('/.well-known/openid-configuration'),
    phase: 'A',
    title: 'OpenID configuration',
  },
  { test: (url) => url.pathname.startsWith('/common/userrealm/'), phase: 'C', title: 'User realm discovery' },
  { test: (url) => url.pathname.startsWith('/adfs/'), phase: 'D', title: 'Sign-in at AD FS' },
  { test: (url) => url.pathname === '/common/discovery/instance', phase: 'A', title: 'Instance discovery' },
  { test: (url) => url.pathname.endsWith('/oauth2/token'), phase: 'C', title: 'Token request' },
  { test: (url) => url.pathname.endsWith('/oauth2/v2.0/token'), phase: 'C', title: 'Token request (v2.0)' },
  { test: (url) => /\/oauth2(\/v2\.0)?\/devicecode$/.test(url.pathname), phase: 'C', title: 'Device code' },
  {
    test: (url) => /\/(enrollmentserver\/contract|Discover)$/i.test(url.pathname),
    phase: 'E',
    title: 'DRS discovery',
  },
  {
    test: (url, method) => method === 'POST' && url.pathname === '/EnrollmentServer/device/',
    phase: 'G',
    title: 'Device registration',
  },
  {
    test: (url, method) => method === 'PUT' && url.pathname.startsWith('/EnrollmentServer/device/'),
    phase: 'G',
    title: 'Hybrid device registration',
  },
  {
    test: (url, method) => method === 'POST' && url.pathname === '/EnrollmentServer/key/',
    phase: 'H',
    title: 'Windows Hello key registration',
  },
  {
    test: (url, method) => method === 'DELETE' && url.pathname.startsWith('/EnrollmentServer/device/'),
    phase: 'H',
    title: 'Device removal',
  },
]

/**
 * The trace of a server session: every request a real client made, a step each, in the trace
 * format, so the tracer can open it or follow it live.
 */
export class SessionTrace {
  private readonly trace: Trace
  private readonly listeners = new Set<(exchange: Exchange, trace: Trace) => void>()
  private readonly startedAt: number
  private readonly now: () => number
  private count = 0

  /** `now` is the server's clock. */
  constructor(caCertificate: string, now: () => number) {
    this.now = now
    this.startedAt = now()
    this.trace = {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      scenario: 'server-session',
      startedAt: new Date(this.startedAt).toISOString(),
      outcome: 'pending',
      steps: [],
      artifacts: { caCertificate },
    }
  }

  snapshot(): Trace {
    return structuredClone(this.trace)
  }

  onExchange(listener: (exchange: Exchange, trace: Trace) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  record(partial: Omit<Exchange, 'id' | 'at'>): void {
    const at = this.now() - this.startedAt
    const exchange: Exchange = { ...partial, id: `x${++this.count}`, at }
    const url = new URL(exchange.request.url)
    const endpoint = ENDPOINTS.find((candidate) => candidate.test(url, exchange.request.method))
    this.trace.steps.push({
      index: this.trace.steps.length,
      phase: endpoint?.phase ?? 'A',
      state: `server.${(endpoint?.title ?? 'request').toLowerCase().replace(/\s+/g, '-')}`,
      title: `${endpoint?.title ?? 'Request'}: ${exchange.request.method} ${url.host}${url.pathname}`,
      narration:
        'A client outside this app sent this request through the local proxy; the emulated service answered it.',
      at,
      exchanges: [exchange],
    })
    this.noteArtifacts(exchange, endpoint?.title)
    for (const listener of this.listeners) listener(exchange, this.trace)
  }

  private noteArtifacts(exchange: Exchange, title: string | undefined): void {
    const ok = exchange.response.status >= 200 && exchange.response.status < 300
    if (!ok) return
    const response = safeJson(exchange.response.body)
    if (title === 'Token request' && typeof response?.access_token === 'string')
      this.trace.artifacts.accessToken = response.access_token
    if (title === 'Token request' && typeof response?.id_token === 'string')
      this.trace.artifacts.idToken = response.id_token
    if (title?.includes('Device registration')) this.noteRegistration(exchange, response)
    if (title === 'Device removal') this.trace.outcome = 'pending'
  }

  private noteRegistration(exchange: Exchange, response: Record<string, unknown> | undefined): void {
    const raw = (response?.Certificate as { RawBody?: unknown } | undefined)?.RawBody
    if (typeof raw !== 'string') return
    try {
      const certificate = new x509.X509Certificate(raw)
      this.trace.artifacts.deviceCertificate = certificate.toString('pem')
      this.trace.artifacts.deviceId = certificate.subjectName.getField('CN')[0] ?? ''
      this.trace.outcome = 'registered'
    } catch {
      return
    }
    const request = safeJson(exchange.request.body)
    const csr = (request?.CertificateRequest as { Data?: unknown } | undefined)?.Data
    if (typeof csr === 'string')
      this.trace.artifacts.csr = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`
    const transportKey =
      request?.TransportKey ??
      (request?.ServerAdJoinData as { TransportKey?: unknown } | undefined)?.TransportKey
    if (typeof transportKey === 'string') this.trace.artifacts.transportKey = transportKey
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
