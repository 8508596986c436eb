import fc from 'fast-check'
import { expect } from 'vitest'

/** One seed for every fuzzer: a failure replays exactly with the same inputs. */
const SEED = 20_261_201

/** Pieces that have broken parsers before: quoting, escapes, encodings, sizes, JSON and XML openers. */
export const HOSTILE = [
  '',
  "'",
  '"',
  '\\',
  '$(id)',
  '`id`',
  '%',
  '%FF',
  '%E0%A4%A',
  '%2540',
  '%00',
  '../..',
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '{"',
  '[]',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
  'a'.repeat(5000),
  '\u0000',
  '\ud800',
  '\u202e',
  'Bearer',
  'eyJhbGciOiJub25lIn0.eyJ9.',
  'pkcs10',
  'urn:ms-drs:enterpriseregistration.windows.net',
]

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })

/** Any text, hostile pieces included (lone surrogates, NUL, right-to-left marks). */
export const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary' }), printable)

/** Text a header value can carry (fetch takes only visible ASCII and spaces there). */
const headerText = fc.oneof(
  fc.constantFrom(...HOSTILE.filter((piece) => /^[\x20-\x7e]*$/.test(piece))),
  printable,
)

/** A path segment: random text escaped, or a raw escape that is broken on purpose. */
export const segment = fc.oneof(
  text
    .map((value) => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '?')))
    // An empty, "." or ".." segment (%2E too) changes which path the URL names: no route to fuzz there.
    .filter((value) => !/^(\.|%2E)*$/i.test(value)),
  fc.constantFrom('%FF', '%E0%A4%A', '%2540', '%25FF', '%', '%2', '%2F', 'common'),
)

/** A query string: random pairs, repeated or hostile `api-version`s, broken escapes. */
export const query = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom('api-version', 'username', 'wa', 'wtrealm'), printable), text))
    .map(
      (pairs) => `?${new URLSearchParams(pairs.map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '?')]))}`,
    ),
  fc.constantFrom('', '?', '?api-version=%FF', '?api-version=2.0&api-version=1.0', '?api-version', '?%=%'),
)

/** Headers: random names and values, plus the ones the services read, with hostile values. */
export const headers = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'authorization',
      'content-type',
      'accept',
      'user-agent',
      'x-device-join-tracer-client-certificate',
    ),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  ),
  headerText,
  { maxKeys: 5 },
)

/** A body: text, JSON of any shape, or raw bytes. */
export const body = fc.oneof(
  text,
  fc.json(),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => new Blob([bytes])),
)

/** A request every fuzzer sends in some form; `url` is whole (origin, path and query). */
export interface FuzzRequest {
  method: string
  url: string
  headers?: Record<string, string>
  body?: string | Blob
}

export type WireShape = 'azure-ad' | 'drs' | 'key-provisioning' | 'adfs' | 'ws-trust' | 'html'

/**
 * Sends the request and checks the answer: never a 500 (an unhandled exception) and, for a
 * refusal, the named service's documented error body. Returns the status for the caller's tally.
 */
export async function expectServiceAnswer(request: FuzzRequest, shapes: WireShape[]): Promise<number> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
  })
  const raw = await response.text()
  const where = `${request.method} ${request.url} answered ${response.status}: ${raw.slice(0, 300)}`
  expect(response.status, where).not.toBe(500)
  expect(response.status, where).toBeLessThan(500)
  if (response.status < 400) return response.status
  expect(
    shapes.some((shape) => matchesShape(shape, response, raw)),
    `${where}\nis not a ${shapes.join(' or ')} error`,
  ).toBe(true)
  return response.status
}

function matchesShape(shape: WireShape, response: Response, raw: string): boolean {
  const json = parseJson(raw)
  const strings = (...names: string[]) =>
    json !== undefined && names.every((name) => typeof json[name] === 'string')
  switch (shape) {
    case 'drs':
      return strings('ErrorType', 'Message', 'TraceId', 'Time')
    case 'key-provisioning':
      return strings('code', 'message', 'response')
    case 'azure-ad':
      return (
        strings('error', 'error_description', 'trace_id', 'correlation_id', 'timestamp') &&
        Array.isArray(json?.error_codes)
      )
    case 'adfs':
      return strings('error', 'error_description') || (response.status === 401 && raw === '')
    case 'ws-trust':
      return (
        (response.status === 401 && raw === '') ||
        (response.headers.get('content-type')?.startsWith('application/soap+xml') === true &&
          raw.includes('<s:Fault>'))
      )
    case 'html':
      return response.headers.get('content-type')?.startsWith('text/html') === true
  }
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Runs a seeded, bounded property (a number of inputs, not a time budget) and prints how many
 * inputs it ran and which outcomes (HTTP statuses, or the caller's words) came back.
 */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  send: (input: T) => Promise<number | string>,
  numRuns: number,
): Promise<void> {
  let count = 0
  const statuses = new Map<number | string, number>()
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      count += 1
      const status = await send(input)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }),
    { seed: SEED, numRuns, endOnFailure: true },
  )
  const tally = [...statuses]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([status, n]) => `${status}×${n}`)
  console.log(`fuzz ${name}: ${count} inputs (${tally.join(', ')})`)
}
