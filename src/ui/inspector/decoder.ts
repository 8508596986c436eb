import type { Decoded } from './decode-payload.ts'
import type { DecoderReply, DecoderRequest } from './decoder.worker.ts'
import type { Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'

type Job = { resolve: (entries: Decoded[]) => void; fallback: () => Promise<Decoded[]> }

let worker: Worker | undefined
let broken = false
let nextId = 0
const jobs = new Map<number, Job>()

/** Decodings kept, newest last: a replay, or a click back to an earlier arrow, revisits them. */
const cache = new Map<string, Promise<Decoded[]>>()
const CACHED = 64

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
  const decoding = decode({ payloads, jwks, requestTime })
  cache.set(key, decoding)
  if (cache.size > CACHED) cache.delete(cache.keys().next().value!)
  return decoding
}

function decode(request: Omit<DecoderRequest, 'id'>): Promise<Decoded[]> {
  const fallback = async () =>
    (await import('./decode-payload.ts')).decodePayloads(request.payloads, request.jwks, request.requestTime)
  // Where there are no workers (Node, in the unit tests) or the worker would not start, this thread decodes.
  if (broken || typeof Worker === 'undefined') return fallback()
  try {
    worker ??= start()
  } catch {
    broken = true
    return fallback()
  }
  const started = worker
  return new Promise((resolve) => {
    const id = ++nextId
    jobs.set(id, { resolve, fallback })
    started.postMessage({ ...request, id } satisfies DecoderRequest)
  })
}

function start(): Worker {
  const started = new Worker(new URL('./decoder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'payload-decoder',
  })
  started.onmessage = ({ data }: MessageEvent<DecoderReply>) => {
    const job = jobs.get(data.id)
    if (!job) return
    jobs.delete(data.id)
    // decodePayloads turns every bad value into an `error` entry; a failure here is the worker's own.
    if ('entries' in data) job.resolve(data.entries)
    else job.fallback().then(job.resolve)
  }
  // The worker's script did not load, or died, or sent what could not be taken in: what it was
  // given is decoded here instead, and so is everything after, so no decoding waits forever.
  started.onerror = started.onmessageerror = (event: Event) => {
    event.preventDefault()
    broken = true
    worker = undefined
    started.terminate()
    const waiting = [...jobs.values()]
    jobs.clear()
    for (const job of waiting) job.fallback().then(job.resolve)
  }
  return started
}
