// The trace reader's worker: a picked file, a story's recording or a followed server's trace is
// read, JSON-parsed, upgraded and checked against the schema here (zod and the HAR and .saz readers
// load here, not in the page), so a long trace never holds the page's thread. The answer goes back
// in parts, a few hundred exchanges each: the page takes each part in its own short task rather
// than one long one for the whole trace.
import { parseTrace, type ParseTraceResult } from '../../trace/parse.ts'
import type { Step } from '../../trace/schema.ts'
import { readTraceBlob } from './read-trace.ts'

export type TraceReaderRequest = { id: number } & ({ file: Blob } | { text: string })
export type TraceReaderReply =
  | { id: number; part: 'refused'; errors: string[] }
  /** The trace with its steps still to come (an empty list in its place), and any notes. */
  | { id: number; part: 'head'; trace: Extract<ParseTraceResult, { ok: true }>['trace']; notes?: string[] }
  | { id: number; part: 'steps'; steps: Step[] }
  | { id: number; part: 'end' }
  | { id: number; part: 'failed'; error: string }

/** Roughly how many exchanges go in one part: small enough that taking it in is a short task. */
const EXCHANGES_PER_PART = 100

// The project compiles against DOM types; a worker's scope is this much of them.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<TraceReaderRequest>) => void
  postMessage: (reply: TraceReaderReply) => void
}

scope.onmessage = (event: MessageEvent<TraceReaderRequest>) => {
  const request = event.data
  // Whatever throws, here or in a reader, is answered as a failure of that one request.
  const reading = new Promise<ParseTraceResult>((resolve) =>
    resolve('file' in request ? readTraceBlob(request.file) : parseTrace(request.text)),
  )
  reading.then(
    (result) => send(request.id, result),
    (error: unknown) =>
      scope.postMessage({
        id: request.id,
        part: 'failed',
        error: error instanceof Error ? error.message : String(error),
      }),
  )
}

function send(id: number, result: ParseTraceResult): void {
  if (!result.ok) return scope.postMessage({ id, part: 'refused', errors: result.errors })
  const { steps } = result.trace
  // The empty list keeps the steps' place among the trace's keys, so a saved trace reads the same.
  const trace = { ...result.trace, steps: [] }
  scope.postMessage({ id, part: 'head', trace, ...(result.notes ? { notes: result.notes } : {}) })
  let part: Step[] = []
  let exchanges = 0
  for (const step of steps) {
    part.push(step)
    exchanges += step.exchanges.length + 1
    if (exchanges < EXCHANGES_PER_PART) continue
    scope.postMessage({ id, part: 'steps', steps: part })
    part = []
    exchanges = 0
  }
  if (part.length > 0) scope.postMessage({ id, part: 'steps', steps: part })
  scope.postMessage({ id, part: 'end' })
}
