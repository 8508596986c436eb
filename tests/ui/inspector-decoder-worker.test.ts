import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { decodePayloads } from '../../src/ui/inspector/decode-payload.ts'
import { decodeOffThread } from '../../src/ui/inspector/decoder.ts'
import { findPayloads } from '../../src/ui/inspector/find-payloads.ts'

const parsed = parseTrace(readFileSync('src/stories/recordings/aadj-managed-happy.json', 'utf8'))
if (!parsed.ok) throw new Error(parsed.errors.join('; '))
const join = parsed.trace.steps
  .flatMap((step) => step.exchanges)
  .find((exchange) => exchange.request.url.includes('/EnrollmentServer/device/'))!

// Node has no Worker: this is the fallback the page takes when its worker will not start.
it('decodes as decodePayloads does, and a revisited exchange once', async () => {
  const payloads = findPayloads(join)
  const first = decodeOffThread(payloads)
  const entries = await first
  expect(entries.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['certificate', 'csr']))
  expect(entries).toEqual(await decodePayloads(payloads))
  // A replay finds the same payloads again (a new array, equal values): the decoding is reused.
  expect(decodeOffThread(findPayloads(join))).toBe(first)
  expect(await decodeOffThread([])).toEqual([])
})
