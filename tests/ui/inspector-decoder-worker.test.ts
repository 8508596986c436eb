import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { decodePayloads } from '../../src/ui/inspector/decode-payload.ts'
import { decodeOffThread } from '../../src/ui/inspector/decoder.ts'
import { artifactPayloads, findPayloads } from '../../src/ui/inspector/find-payloads.ts'

const parsed = parseTrace(readFileSync('src/stories/recordings/aadj-managed-happy.json', 'utf8'))
if (!parsed.ok) throw new Error(parsed.errors.join('; '))
const { trace } = parsed
const exchanges = trace.steps.flatMap((step) => step.exchanges)
const join = exchanges.find((exchange) => exchange.request.url.includes('/EnrollmentServer/device/'))!

// Node has no Worker: this is the fallback the page takes when its worker will not start.
it('finds and decodes an exchange’s payloads as findPayloads and decodePayloads do, each exchange once', async () => {
  const first = decodeOffThread({ exchange: join })
  const found = await first
  expect(found.payloads).toEqual(findPayloads(join))
  expect(found.entries.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['certificate', 'csr']))
  expect(found.entries).toEqual(await decodePayloads(findPayloads(join)))
  // A replay, or a click back to the same arrow, opens the same exchange: the decoding is reused.
  expect(decodeOffThread({ exchange: join })).toBe(first)
  // An exchange with nothing to decode gives nothing.
  const plain = exchanges.find((exchange) => findPayloads(exchange).length === 0)!
  expect(await decodeOffThread({ exchange: plain })).toEqual({ payloads: [], entries: [] })
})

it('finds and decodes a finished run’s artifacts', async () => {
  const found = await decodeOffThread({ artifacts: trace.artifacts })
  expect(found.payloads).toEqual(artifactPayloads(trace.artifacts))
  expect(found.entries.length).toBe(found.payloads.length)
  expect(found.entries.some((entry) => entry.kind === 'jwt')).toBe(true)
})
