import fc from 'fast-check'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { describe, expect, it } from 'vitest'
import { sazToTrace } from '../../src/har/saz.ts'
import { sazOfRecording } from '../support/saz-archive.ts'
import { fuzz, text } from './fuzz.ts'

/** A whole, readable .saz of a recording: the base every mutation starts from. */
const GOOD = sazOfRecording('aadj-managed-happy')

/** The good archive with bytes overwritten, cut short, or spliced with random ones. */
const mutated = fc
  .array(fc.tuple(fc.nat(GOOD.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
  .map((flips) => {
    const copy = GOOD.slice()
    for (const [at, value] of flips) copy[at] = value
    return copy
  })

/** Archives that are whole but whose sessions are hostile text in every part. */
const hostileSessions = fc
  .array(fc.tuple(fc.constantFrom('c', 's', 'm'), fc.integer({ min: 1, max: 4 }), text), { maxLength: 6 })
  .map((parts) => {
    const files: Zippable = {}
    for (const [kind, number, content] of parts)
      files[`raw/${number}_${kind}.${kind === 'm' ? 'xml' : 'txt'}`] = strToU8(
        kind === 'c'
          ? `GET https://login.microsoftonline.com/${content} HTTP/1.1\r\n${content}\r\n\r\n${content}`
          : content,
      )
    return zipSync(files)
  })

const inputs = fc.oneof(
  { weight: 4, arbitrary: mutated },
  { weight: 1, arbitrary: fc.nat(GOOD.length).map((end) => GOOD.slice(0, end)) },
  { weight: 2, arbitrary: hostileSessions },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => new Uint8Array([0x50, 0x4b, 3, 4, ...bytes])),
  },
)

describe('fuzzing .saz import', () => {
  it('never throws: an archive comes back as a trace, or is refused with reasons', async () => {
    await fuzz(
      'sazToTrace',
      inputs,
      async (input) => {
        const result = sazToTrace(input)
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0)
          for (const error of result.errors) expect(error).toMatch(/\S/)
          return 'refused'
        }
        for (const exchange of result.trace.steps.flatMap((step) => step.exchanges)) {
          expect(exchange.request.method).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
          expect(exchange.duration).toBeGreaterThanOrEqual(0)
        }
        return 'accepted'
      },
      400,
    )
  })
})
