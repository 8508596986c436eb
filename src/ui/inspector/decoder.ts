import { workerWithFallback, type WorkerJob } from '../workers/worker-with-fallback.ts'
import type { Found, PayloadSource } from './find-and-decode.ts'
import type { DecoderReply, DecoderRequest } from './decoder.worker.ts'
import type { Jwks } from './jwt.ts'

const inWorker = workerWithFallback<Omit<DecoderRequest, 'id'>, DecoderReply, Found, WorkerJob<Found>>(
  () =>
    new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'payload-decoder' }),
  (reply, job, settled) => {
    settled()
    // decodePayloads turns every bad value into an `error` entry; a failure here is the worker's own.
    if ('entries' in reply) job.resolve({ payloads: reply.payloads, entries: reply.entries })
    else job.fallback().then(job.resolve, job.reject)
  },
)

/**
 * Starts the worker before the inspector first needs it, and resolves once it has answered an empty
 * job (its module fetched, compiled and run). The page's warm-up calls it in idle time: started on
 * demand instead, the worker compiled its decoders (X.509, ASN.1, the XML parser, jose: some 200 ms
 * of CPU) in the first frames after a trace was opened or a run began, which on two cores took a
 * core from the page while it drew each step.
 */
export function startDecoder(): Promise<Found> {
  return inWorker({ source: { artifacts: {} } }, () => Promise.resolve({ payloads: [], entries: [] }))
}

/**
 * Decodings kept per exchange (or artifacts) object, one per JWKS and request time: a trace's
 * exchanges keep their identity while it is on screen, and a story's recording is read once per
 * page, so a replay, or a click back to an earlier arrow, finds its decoding here.
 */
const cache = new WeakMap<object, Array<{ jwks?: Jwks; requestTime?: number; found: Promise<Found> }>>()

/**
 * The payloads of an exchange (or of a run's artifacts) found and decoded as `findAndDecode`
 * (find-and-decode.ts) would, but in a worker, and each once.
 */
export function decodeOffThread(source: PayloadSource, jwks?: Jwks, requestTime?: number): Promise<Found> {
  const key = 'exchange' in source ? source.exchange : source.artifacts
  const known = cache.get(key) ?? []
  const same = known.find((entry) => entry.jwks === jwks && entry.requestTime === requestTime)
  if (same) return same.found
  const found = inWorker({ source, jwks, requestTime }, async () =>
    (await import('./find-and-decode.ts')).findAndDecode(source, jwks, requestTime),
  )
  cache.set(key, [...known, { jwks, requestTime, found }])
  return found
}
