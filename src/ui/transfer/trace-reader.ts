import type { ParseTraceResult } from '../../trace/parse.ts'
import type { TraceReaderReply, TraceReaderRequest } from './trace-reader.worker.ts'

type Job = {
  resolve: (result: ParseTraceResult) => void
  reject: (error: Error) => void
  /** The answer so far: the trace's head, its steps appended as their parts arrive. */
  read?: Extract<ParseTraceResult, { ok: true }>
  /** The same work on this thread, should the worker not be there to do it. */
  fallback: () => Promise<ParseTraceResult>
}

let worker: Worker | undefined
let broken = false
let nextId = 0
const jobs = new Map<number, Job>()

/**
 * Reads a picked or dropped file as a trace (or a HAR, or a .saz) off the page's thread, with the
 * same answers, refusals and reasons as `readTraceBlob` (read-trace.ts).
 */
export const readTraceFile = (file: Blob): Promise<ParseTraceResult> =>
  read({ file }, async () => (await import('./read-trace.ts')).readTraceBlob(file))

/** Parses and checks a trace's text (a recording, a followed server's trace) off the page's thread. */
export const readTraceText = (text: string): Promise<ParseTraceResult> =>
  read({ text }, async () => (await import('../../trace/parse.ts')).parseTrace(text))

function read(
  request: { file: Blob } | { text: string },
  fallback: () => Promise<ParseTraceResult>,
): Promise<ParseTraceResult> {
  // Where there are no workers (Node, in the unit tests) or the worker would not start, this thread reads.
  if (broken || typeof Worker === 'undefined') return fallback()
  try {
    worker ??= start()
  } catch {
    // Refused outright (a policy that forbids workers, say): this thread reads from now on.
    broken = true
    return fallback()
  }
  const started = worker
  return new Promise((resolve, reject) => {
    const id = ++nextId
    jobs.set(id, { resolve, reject, fallback })
    started.postMessage({ ...request, id } satisfies TraceReaderRequest)
  })
}

function start(): Worker {
  const started = new Worker(new URL('./trace-reader.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trace-reader',
  })
  started.onmessage = (event: MessageEvent<TraceReaderReply>) => take(event.data)
  // The worker's script did not load, or died, or sent what could not be taken in: what it was
  // given is read here instead, and so is everything after, so no reading waits forever.
  started.onerror = started.onmessageerror = (event: Event) => {
    event.preventDefault()
    broken = true
    worker = undefined
    started.terminate()
    const waiting = [...jobs.values()]
    jobs.clear()
    for (const job of waiting) job.fallback().then(job.resolve, job.reject)
  }
  return started
}

function take(reply: TraceReaderReply): void {
  const job = jobs.get(reply.id)
  if (!job) return
  switch (reply.part) {
    case 'head':
      job.read = { ok: true, trace: reply.trace, ...(reply.notes ? { notes: reply.notes } : {}) }
      return
    case 'steps':
      job.read?.trace.steps.push(...reply.steps)
      return
    case 'end':
      jobs.delete(reply.id)
      return job.read ? job.resolve(job.read) : job.reject(new Error('The trace reader sent no trace.'))
    case 'refused':
      jobs.delete(reply.id)
      return job.resolve({ ok: false, errors: reply.errors })
    case 'failed':
      jobs.delete(reply.id)
      return job.reject(new Error(reply.error))
  }
}
