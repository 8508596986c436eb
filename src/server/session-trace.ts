import { X509Certificate } from 'node:crypto'
import { TraceRecorder, type ExchangeRecord } from '../engine/trace-recorder.ts'
import { classifyRequest, type RequestKind } from '../trace/classify-request.ts'
import type { Artifacts, Exchange, Step, Trace } from '../trace/schema.ts'
import { sessionRecordLine } from '../trace/session-records.ts'
import type { RecordSink } from './trace-file.ts'

/** What a live follower is sent at first: the last requests, this many at most, and at most this many bytes. */
const LIVE_STEPS = 500
const LIVE_BYTES = 8 * 1024 * 1024

/** What one request changed beyond its own step. */
type Changes = { outcome?: 'pending' | 'registered'; artifacts?: Artifacts }

/**
 * The trace of a server session: every request a real client made, a step each, in the trace
 * format, so the tracer can open it or follow it live. Built by the engine's recorder; the phase
 * and title of a step come from the endpoint, the artifacts from what the answers hold.
 *
 * Its memory does not grow with the session: each step is handed to the sink (the `--trace` file)
 * as a record, and only the last requests are kept for live followers (`snapshot`).
 */
export class SessionTrace {
  private readonly recorder: TraceRecorder
  private readonly listeners = new Set<(exchange: Exchange) => void>()
  private outcome: 'pending' | 'registered' = 'pending'
  private readonly recent: Array<{ step: Step; bytes: number }> = []
  private recentBytes = 0
  private sink?: RecordSink

  /** `now` is the server's clock. */
  constructor(caCertificate: string, now: () => number) {
    this.recorder = new TraceRecorder(now)
    this.recorder.artifacts.caCertificate = caCertificate
  }

  /** From now on every request is appended to `sink` before `record` returns; the header goes first. */
  writeTo(sink: RecordSink): void {
    const { steps: _none, ...header } = this.trace([])
    sink.append(sessionRecordLine({ record: 'header', ...header }))
    this.sink = sink
  }

  /** The last requests (at most 500, renumbered from 0) with the session's outcome and artifacts. */
  snapshot(): Trace {
    return this.trace(this.recent.map(({ step }, index) => ({ ...step, index })))
  }

  onExchange(listener: (exchange: Exchange) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Records one request and its answer; `started` is when the request came in, on the server's
   * clock. Once this returns, the record is in the sink, so the caller may answer the client.
   * Throws RecordingStopped (and records nothing) when the sink takes no more.
   */
  record(record: ExchangeRecord, started?: number): Exchange {
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
    const [step] = this.recorder.takeSteps()
    if (!step) return exchange
    const changes = this.changesOf(exchange, endpoint.kind)
    const line = sessionRecordLine({ record: 'step', step, ...changes })
    this.sink?.append(line)
    if (changes.outcome) this.outcome = changes.outcome
    Object.assign(this.recorder.artifacts, changes.artifacts)
    this.remember(step, line.length)
    for (const listener of this.listeners) listener(exchange)
    return exchange
  }

  /** Why requests can no longer be recorded (the trace file's cap, a failed write), once they cannot. */
  stopped(): string | undefined {
    return this.sink?.stopped()
  }

  /** Ends the sink's file with its closing record (a clean shutdown). */
  close(): void {
    this.sink?.close(this.recorder.elapsed())
  }

  private remember(step: Step, bytes: number): void {
    this.recent.push({ step, bytes })
    this.recentBytes += bytes
    while (this.recent.length > LIVE_STEPS || (this.recentBytes > LIVE_BYTES && this.recent.length > 1))
      this.recentBytes -= this.recent.shift()?.bytes ?? 0
  }

  private trace(steps: Step[]): Trace {
    const trace = this.recorder.trace({ scenario: 'server-session', outcome: this.outcome })
    return { ...trace, steps, artifacts: { ...trace.artifacts } }
  }

  // What an answer holds decides what it adds: tokens, a device certificate, or a device removed.
  private changesOf(exchange: Exchange, kind: RequestKind): Changes {
    const { request, response } = exchange
    if (response.status < 200 || response.status >= 300) return {}
    if (kind === 'device-removal') return this.outcome === 'pending' ? {} : { outcome: 'pending' }
    const answer = safeJson(response.body)
    const artifacts: Artifacts = {}
    const token = kind === 'token' || kind === 'saml-grant'
    if (token && typeof answer?.access_token === 'string') artifacts.accessToken = answer.access_token
    if (token && typeof answer?.id_token === 'string') artifacts.idToken = answer.id_token
    // Whatever the path, an answer that carries an issued certificate registered the device (a
    // hybrid PUT as much as a POST: its transport key is in ServerAdJoinData).
    const registration = registrationOf(answer, safeJson(request.body))
    if (registration) Object.assign(artifacts, registration)
    return {
      ...(Object.keys(artifacts).length > 0 ? { artifacts } : {}),
      ...(registration && this.outcome !== 'registered' ? { outcome: 'registered' as const } : {}),
    }
  }
}

/** A DRS answer carrying an issued certificate, with the CSR and tkpub the request sent. */
function registrationOf(
  answer: Record<string, unknown> | undefined,
  request: Record<string, unknown> | undefined,
): Artifacts | undefined {
  const raw = (answer?.Certificate as { RawBody?: unknown } | undefined)?.RawBody
  if (typeof raw !== 'string') return undefined
  // Node's own X.509 parser: the server runs on Node, and @peculiar/x509's ASN.1 decoding cost
  // several times as much on every join.
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(Buffer.from(raw, 'base64'))
  } catch {
    return undefined
  }
  const artifacts: Artifacts = {
    deviceCertificate: certificate.toString(),
    deviceId: /^CN=(.*)$/m.exec(certificate.subject)?.[1] ?? '',
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
