// Server mode under load (issue 14): whole joins by 50 concurrent clients through the proxy, with and
// without --trace, and what one session-trace write costs late in a session against early on.
import { generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProxyAgent, request } from 'undici'
import { createSimulatedClock } from '../src/engine/run-clock.ts'
import type { ExchangeRecord } from '../src/engine/trace-recorder.ts'
import { SessionTrace } from '../src/server/session-trace.ts'
import { openTraceFile } from '../src/server/trace-file.ts'
import { parseTrace } from '../src/trace/parse.ts'
import { joinDevice, prepareJoiner, type Joiner, type Send } from '../tests/server/join-client.ts'
import { startServeChild } from '../tests/server/serve-child.ts'
import type { Figure } from './figure.ts'

interface LoadOptions {
  /** Concurrent clients (default 50). */
  clients?: number
  /** How long each measured run lasts (default 15 s). */
  seconds?: number
  /** Where `src/server/serve.ts` is run from (default here): another checkout, to compare. */
  cwd?: string
}

/** The figures of server mode: joins/s, p50/p99 latency and RSS with and without --trace; trace write cost. */
export async function serverLoad(options: LoadOptions = {}): Promise<Figure[]> {
  const clients = options.clients ?? 50
  const seconds = options.seconds ?? 15
  // Keys and CSRs before the clock starts: the clients' key generation is not what is measured.
  const joiners = await Promise.all(Array.from({ length: clients }, () => prepareJoiner()))
  // ABBA: on a shared machine the load from other processes drifts over a minute, and with the two
  // runs one after the other it once made --trace look 6x slower than without (5 against 32 joins/s)
  // and at another time 2.7x faster (168 against 63), the session trace costing the same 0.05 ms
  // writeSync per request throughout. Halves in the order plain, traced, traced, plain meet a drift
  // alike, so the two figures compare.
  const half = seconds / 2
  const plainFirst = await measureLoad(joiners, half, false, options.cwd)
  const traced = merge(
    await measureLoad(joiners, half, true, options.cwd),
    await measureLoad(joiners, half, true, options.cwd),
  )
  const plain = merge(plainFirst, await measureLoad(joiners, half, false, options.cwd))
  const detail = `${clients} clients, ${seconds} s in two halves (plain, --trace, --trace, plain), token + join per join, keep-alive tunnels`
  return [
    ...loadFigures('', plain, detail),
    ...loadFigures(', --trace', traced, detail),
    {
      name: 'server: acknowledged joins missing from the --trace file',
      value: traced.missing,
      unit: 'joins',
      budget: { max: 0 },
      detail: `${traced.joins} joins acknowledged, the file read back with parseTrace`,
    },
    ...cpuFigures(plain, traced),
    traceWriteRatio(),
  ]
}

interface LoadResult {
  /** Joins acknowledged, warm-up included. */
  joins: number
  /** Joins in the measured time, and that time in seconds. */
  measured: number
  seconds: number
  /** Every measured join's latency, sorted. */
  latencies: number[]
  rssMb: number
  /** The server process's CPU time (user + system) over the measured time. */
  cpuMs: number
  missing: number
}

/** Two runs as one: their joins, times, latencies and CPU added up, the larger RSS. */
function merge(a: LoadResult, b: LoadResult): LoadResult {
  return {
    joins: a.joins + b.joins,
    measured: a.measured + b.measured,
    seconds: a.seconds + b.seconds,
    latencies: [...a.latencies, ...b.latencies].sort((x, y) => x - y),
    rssMb: Math.max(a.rssMb, b.rssMb),
    cpuMs: a.cpuMs + b.cpuMs,
    missing: a.missing + b.missing,
  }
}

const joinsPerSecond = (result: LoadResult): number => round(result.measured / result.seconds)
const cpuPerJoin = (result: LoadResult): number => round(result.cpuMs / Math.max(1, result.measured), 2)

/**
 * What the server spends on a join, against one RSA-2048 signature (Node's, measured here now). A
 * join cannot cost less than the crypto it must do: three signatures (the ID token, the access token,
 * the device certificate), two verifications (the token, the CSR: about a fifth of a signature each)
 * and importing the CSR's key (about one signature), so about five signatures. On top come two HTTPS
 * requests answered through MSW's fetch Request/Response objects, the certificate encoded and the CSR
 * decoded by a JavaScript ASN.1 library, JSON, a log line and the trace record per request. The
 * budget, 40, is that floor eight times over: the join measured 50-60 before the certificate stopped
 * going through @peculiar/x509's generator and the CSR stopped being parsed twice (issue 14), 38-43
 * after at a load average of 10-12.
 */
const CPU_RATIO_BUDGET = 40
/**
 * Joins a second, all 50 clients together. The issue measured 31 from outside before this work (ten
 * clients, their own keys, no --trace); fewer than 30 on a quiet machine means the server got slower.
 */
const JOINS_PER_SECOND_FLOOR = 30

function cpuFigures(plain: LoadResult, traced: LoadResult): Figure[] {
  const signature = rsaSignatureMs()
  const detail = `server process CPU (user + system) over the run / joins; one RSA-2048 signature here: ${signature.toFixed(2)} ms`
  return [
    { name: 'server: CPU per join', value: cpuPerJoin(plain), unit: 'ms', detail },
    { name: 'server: CPU per join, --trace', value: cpuPerJoin(traced), unit: 'ms', detail },
    {
      name: 'server: CPU per join / one RSA-2048 signature',
      value: round(cpuPerJoin(plain) / signature),
      unit: 'ratio',
      budget: { max: CPU_RATIO_BUDGET },
      detail: `${detail}; a join must make 3 signatures, 2 verifications and 1 key import (about 5 signatures)`,
    },
  ]
}

function loadFigures(label: string, result: LoadResult, detail: string): Figure[] {
  return [
    {
      name: `server: joins per second${label}`,
      value: joinsPerSecond(result),
      unit: 'joins/s',
      ...(label === '' ? { budget: { min: JOINS_PER_SECOND_FLOOR } } : {}),
      detail,
    },
    {
      name: `server: join latency p50${label}`,
      value: round(quantile(result.latencies, 0.5)),
      unit: 'ms',
      detail,
    },
    {
      name: `server: join latency p99${label}`,
      value: round(quantile(result.latencies, 0.99)),
      unit: 'ms',
      detail,
    },
    {
      name: `server: peak RSS${label}`,
      value: result.rssMb,
      unit: 'MB',
      detail: 'VmHWM of the server process',
    },
  ]
}

async function measureLoad(
  joiners: Joiner[],
  seconds: number,
  trace: boolean,
  cwd?: string,
): Promise<LoadResult> {
  const tracePath = join(mkdtempSync(join(tmpdir(), 'djt-bench-')), 'session.ndjson')
  // Every client signs in as the fixture's one user and joins hundreds of devices: the tenant's
  // "Maximum number of devices per user" set to Unlimited, as an Entra admin can, lets it.
  const limit = ['--max-devices-per-user', 'unlimited']
  const server = await startServeChild([...limit, ...(trace ? ['--trace', tracePath] : [])], cwd)
  const ca = readFileSync(server.caPath, 'utf8')
  const latencies: number[] = []
  const acknowledged: string[] = []
  let cpuBefore = 0
  // One proxy agent per client: its own tunnels, kept alive between its requests as a browser's would be.
  const agents = joiners.map(
    () => new ProxyAgent({ uri: `http://127.0.0.1:${server.port}`, requestTls: { ca } }),
  )
  const sends = agents.map((agent): Send => async (url, init) => {
    const response = await request(url, { ...init, dispatcher: agent })
    return { status: response.statusCode, body: await response.body.text() }
  })
  let measured = 0
  let started = 0
  try {
    // A join per client before the clock starts: tunnels open, host certificates made, code compiled.
    const warmUp = await Promise.all(joiners.map((joiner, index) => joinDevice(sends[index]!, joiner)))
    acknowledged.push(...warmUp)
    cpuBefore = cpuMs(server.child.pid)
    started = performance.now()
    const deadline = started + seconds * 1000
    await Promise.all(
      joiners.map(async (joiner, index) => {
        while (performance.now() < deadline) {
          const begun = performance.now()
          acknowledged.push(await joinDevice(sends[index]!, joiner))
          latencies.push(performance.now() - begun)
          measured++
        }
      }),
    )
  } catch (error) {
    // A join that failed is the run's error; the server must not outlive it (the bench would wait on it).
    server.child.kill('SIGTERM')
    await Promise.all(agents.map((agent) => agent.destroy()))
    throw error
  }
  const elapsed = (performance.now() - started) / 1000
  const rssMb = peakRssMb(server.child.pid)
  const cpu = cpuMs(server.child.pid) - cpuBefore
  await Promise.all(agents.map((agent) => agent.close()))
  server.child.kill('SIGTERM')
  await server.exited
  latencies.sort((a, b) => a - b)
  return {
    joins: acknowledged.length,
    measured,
    seconds: elapsed,
    latencies,
    rssMb,
    cpuMs: cpu,
    missing: trace ? missingFromTrace(tracePath, acknowledged) : 0,
  }
}

function missingFromTrace(path: string, acknowledged: string[]): number {
  const parsed = parseTrace(readFileSync(path, 'utf8'))
  if (!parsed.ok) return acknowledged.length
  const issued = new Set(
    parsed.trace.steps.flatMap((step) =>
      step.exchanges.map((exchange) => {
        const answer = /"RawBody":"([^"]+)"/.exec(exchange.response.body)
        return answer?.[1]
      }),
    ),
  )
  return acknowledged.filter((certificate) => !issued.has(certificate)).length
}

/**
 * The 1000th write against the 100th. An appended record costs what its own bytes cost, whatever the
 * file already holds, so the ratio stays near 1 (the whole-file rewrite it replaced grew with the
 * session: 54 ms a write at 2.5 MB, issue 13). 1.5 leaves room for a noisy shared machine. A write
 * takes about 0.1 ms, so one session's ratio swung from 0.77 to 1.79 between two quiet runs: three
 * sessions are written and the median ratio counts, each from the lower quartile of the 100 writes
 * around the 100th and the 1000th (the detail used to say so while the code took their median).
 */
function traceWriteRatio(): Figure {
  const sessions = [writeSession(), writeSession(), writeSession()]
  const ratios = sessions.map(({ early, late }) => late / early)
  const middle = [...ratios].sort((a, b) => a - b)[1]!
  const shown = sessions.map(({ early, late }) => `${early.toFixed(3)} → ${late.toFixed(3)} ms`)
  return {
    name: 'server: session trace write cost, 1000th write / 100th',
    value: round(middle, 2),
    unit: 'ratio',
    budget: { max: 1.5 },
    detail: `median of 3 sessions, each the lower quartile of the 100 writes around the 100th and the 1000th (a ~4 KB join record): ${shown.join(', ')}`,
  }
}

/** One session of 1,100 join records appended to a file: the cost of a write early and late. */
function writeSession(): { early: number; late: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'djt-bench-')), 'session.ndjson')
  const clock = createSimulatedClock(Date.UTC(2026, 0, 15, 9))
  const session = new SessionTrace('CA PEM', clock.now)
  session.writeTo(openTraceFile(path, { maxBytes: 1 << 30, now: clock.now, log: () => undefined }))
  const record = joinRecord()
  const times: number[] = []
  for (let write = 1; write <= 1100; write++) {
    clock.advance(5)
    const begun = process.hrtime.bigint()
    session.record(record)
    times.push(Number(process.hrtime.bigint() - begun) / 1e6)
  }
  session.close()
  const around = (index: number) =>
    quantile(
      [...times.slice(index - 50, index + 50)].sort((a, b) => a - b),
      0.25,
    )
  return { early: around(100), late: around(1000) }
}

/** A join's exchange as the session records it: a CSR in, a certificate out (sizes of a real join). */
function joinRecord(): ExchangeRecord {
  const blob = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64')
  return {
    protocol: 'http',
    from: 'device',
    to: 'drs',
    request: {
      method: 'POST',
      url: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0',
      headers: { authorization: `Bearer ${blob(900)}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        CertificateRequest: { Type: 'pkcs10', Data: blob(700) },
        TransportKey: blob(280),
      }),
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Certificate: { RawBody: blob(1000), Thumbprint: 'AB'.repeat(20) } }),
    },
  }
}

/** User + system CPU time of a process so far, from /proc (Linux; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return 0
  }
}

/** The median time of one RSA-2048 PKCS#1 v1.5 SHA-256 signature on this machine, now. */
function rsaSignatureMs(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const tbs = Buffer.alloc(1200, 1) // about a device certificate's to-be-signed part
  const times: number[] = []
  for (let run = 0; run < 200; run++) {
    const begun = performance.now()
    sign('sha256', tbs, privateKey)
    times.push(performance.now() - begun)
  }
  return quantile(
    times.sort((a, b) => a - b),
    0.5,
  )
}

function peakRssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024)
  } catch {
    return 0 // not Linux: no /proc
  }
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

const round = (value: number, digits = 1): number => Number(value.toFixed(digits))
