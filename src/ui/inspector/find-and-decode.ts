import type { Artifacts, Exchange } from '../../trace/schema.ts'
import { decodePayloads, type Decoded } from './decode-payload.ts'
import { artifactPayloads, findPayloads, type Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'

/** What holds the payloads: an exchange, or a finished run's artifacts. */
export type PayloadSource = { exchange: Exchange } | { artifacts: Artifacts }

/** The payloads found, and each one decoded (a value that will not decode is an `error` entry). */
export interface Found {
  payloads: Payload[]
  entries: Decoded[]
}

/**
 * Finds the payloads (walking the bodies, parsing a WS-Trust or SAML message) and decodes them:
 * what the decoder worker does, and the page in its place when it cannot start one.
 */
export async function findAndDecode(
  source: PayloadSource,
  jwks?: Jwks,
  requestTime?: number,
): Promise<Found> {
  const payloads = 'exchange' in source ? findPayloads(source.exchange) : artifactPayloads(source.artifacts)
  return { payloads, entries: await decodePayloads(payloads, jwks, requestTime) }
}
