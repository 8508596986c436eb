import type { ParseTraceResult } from '../../trace/parse.ts'
import { workerWithFallback, type WorkerJob } from '../workers/worker-with-fallback.ts'
import type { TraceReaderReply } from './trace-reader.worker.ts'

interface ReadingJob extends WorkerJob<ParseTraceResult> {
  /** The answer so far: the trace's head, its steps appended as their parts arrive. */
  read?: Extract<ParseTraceResult, { ok: true }>
}

const inWorker = workerWithFallback<
  { file: Blob } | { text: string },
  TraceReaderReply,
  ParseTraceResult,
  ReadingJob
>(
  () =>
    new Worker(new URL('./trace-reader.worker.ts', import.meta.url), {
      type: 'module',
      name: 'trace-reader',
    }),
  take,
)

/**
 * Reads a picked or dropped file as a trace (or a HAR, or a .saz) off the page's thread, with the
 * same answers, refusals and reasons as `readTraceBlob` (read-trace.ts).
 */
export const readTraceFile = (file: Blob): Promise<ParseTraceResult> =>
  inWorker({ file }, async () => (await import('./read-trace.ts')).readTraceBlob(file))

/** Parses and checks a trace's text (a recording, a followed server's trace) off the page's thread. */
export const readTraceText = (text: string): Promise<ParseTraceResult> =>
  inWorker({ text }, async () => (await import('../../trace/parse.ts')).parseTrace(text))

function take(reply: TraceReaderReply, job: ReadingJob, settled: () => void): void {
  switch (reply.part) {
    case 'head':
      job.read = { ok: true, trace: reply.trace, ...(reply.notes ? { notes: reply.notes } : {}) }
      return
    case 'steps':
      job.read?.trace.steps.push(...reply.steps)
      return
    case 'end':
      settled()
      return job.read ? job.resolve(job.read) : job.reject(new Error('The trace reader sent no trace.'))
    case 'refused':
      settled()
      return job.resolve({ ok: false, errors: reply.errors })
    case 'failed':
      settled()
      return job.reject(new Error(reply.error))
  }
}
