import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { TraceRecorder, type ExchangeRecord } from '../engine/trace-recorder.ts'
import { classifyRequest, type RequestKind } from '../explain/classify-request.ts'
import type { Artifacts, Exchange, Trace } from '../trace/schema.ts'

/**
 * The trace of a server session: every request a real client made, a step each, in the trace
 * format, so the tracer can open it or follow it live. Built by the engine's recorder; the phase
 * and title of a step come from the endpoint, the artifacts from what the answers hold.
 */
export class SessionTrace {
  private readonly recorder: TraceRecorder
  private readonly listeners = new Set<(exchange: Exchange, trace: Trace) => void>()
  private outcome: 'pending' | 'registered' = 'pending'

  /** `now` is the server's clock. */
  constructor(caCertificate: string, now: () => number) {
    this.recorder = new TraceRecorder(now)
    this.recorder.artifacts.caCertificate = caCertificate
  }

  snapshot(): Trace {
    return structuredClone(this.trace())
  }

  onExchange(listener: (exchange: Exchange, trace: Trace) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Records one request and its answer; `started` is when the request came in, on the server's clock. */
  record(record: ExchangeRecord, started?: number): void {
    const url = new URL(record.request.url)
    // One classifier for HAR files and server sessions alike: paths match whatever their case.
    const endpoint = classifyRequest(record.request)
    this.recorder.addStep(
      {
        phase: endpoint.sessionPhase,
        state: `server.${endpoint.title.toLowerCase().replace(/\s+/g, '-')}`,
        title: `${endpoint.title}: ${record.request.method} ${url.host}${url.pathname}`,
        narration:
          'A client outside this app sent this request through the local proxy; the emulated service answered it.',
      },
      started,
    )
    const exchange = this.recorder.openExchange(started)(record)
    this.noteArtifacts(exchange, endpoint.kind)
    const trace = this.trace()
    for (const listener of this.listeners) listener(exchange, trace)
  }

  private trace(): Trace {
    return this.recorder.trace({ scenario: 'server-session', outcome: this.outcome })
  }

  // What an answer holds decides what it adds: tokens, a device certificate, or a device removed.
  private noteArtifacts(exchange: Exchange, kind: RequestKind): void {
    const { request, response } = exchange
    if (response.status < 200 || response.status >= 300) return
    if (kind === 'device-removal') {
      this.outcome = 'pending'
      return
    }
    const answer = safeJson(response.body)
    const artifacts = this.recorder.artifacts
    const token = kind === 'token' || kind === 'saml-grant'
    if (token && typeof answer?.access_token === 'string') artifacts.accessToken = answer.access_token
    if (token && typeof answer?.id_token === 'string') artifacts.idToken = answer.id_token
    // Whatever the path, an answer that carries an issued certificate registered the device (a
    // hybrid PUT as much as a POST: its transport key is in ServerAdJoinData).
    const registration = registrationOf(answer, safeJson(request.body))
    if (!registration) return
    Object.assign(artifacts, registration)
    this.outcome = 'registered'
  }
}

/** A DRS answer carrying an issued certificate, with the CSR and tkpub the request sent. */
function registrationOf(
  answer: Record<string, unknown> | undefined,
  request: Record<string, unknown> | undefined,
): Artifacts | undefined {
  const raw = (answer?.Certificate as { RawBody?: unknown } | undefined)?.RawBody
  if (typeof raw !== 'string') return undefined
  let certificate: x509.X509Certificate
  try {
    certificate = new x509.X509Certificate(raw)
  } catch {
    return undefined
  }
  const artifacts: Artifacts = {
    deviceCertificate: certificate.toString('pem'),
    deviceId: certificate.subjectName.getField('CN')[0] ?? '',
  }
  const csr = (request?.CertificateRequest as { Data?: unknown } | undefined)?.Data
  if (typeof csr === 'string')
    artifacts.csr = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`
  const transportKey =
    request?.TransportKey ??
    (request?.ServerAdJoinData as { TransportKey?: unknown } | undefined)?.TransportKey
  if (typeof transportKey === 'string') artifacts.transportKey = transportKey
  return artifacts
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
