import { workerWithFallback, type WorkerJob } from '../workers/worker-with-fallback.ts'
import type { Decoded } from './decode-payload.ts'
import type { DecoderReply, DecoderRequest } from './decoder.worker.ts'
import type { Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'

/** Decodings kept, newest last: a replay, or a click back to an earlier arrow, revisits them. */
const cache = new Map<string, Promise<Decoded[]>>()
const CACHED = 64

const inWorker = workerWithFallback<
  Omit<DecoderRequest, 'id'>,
  DecoderReply,
  Decoded[],
  WorkerJob<Decoded[]>
>(
  () =>
    new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'payload-decoder' }),
  (reply, job, settled) => {
    settled()
    // decodePayloads turns every bad value into an `error` entry; a failure here is the worker's own.
    if ('entries' in reply) job.resolve(reply.entries)
    else job.fallback().then(job.resolve, job.reject)
  },
)

/**
 * The payloads decoded as `decodePayloads` (decode-payload.ts) would, but in a worker, and each
 * set of payloads once: the same values, JWKS and time give the same decoding.
 */
export function decodeOffThread(payloads: Payload[], jwks?: Jwks, requestTime?: number): Promise<Decoded[]> {
  if (payloads.length === 0) return Promise.resolve([])
  const key = JSON.stringify([payloads, jwks ?? null, requestTime ?? null])
  const known = cache.get(key)
  if (known) {
    cache.delete(key)
    cache.set(key, known)
    return known
  }
  const decoding = inWorker({ payloads, jwks, requestTime }, async () =>
    (await import('./decode-payload.ts')).decodePayloads(payloads, jwks, requestTime),
  )
  cache.set(key, decoding)
  if (cache.size > CACHED) cache.delete(cache.keys().next().value!)
  return decoding
}
