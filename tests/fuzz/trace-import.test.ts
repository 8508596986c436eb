import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { toCurl } from '../../src/ui/inspector/curl.ts'
import { fuzz, HOSTILE, text } from './fuzz.ts'

const RECORDING = readFileSync('src/stories/recordings/aadj-managed-happy.json', 'utf8')
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Every place in a JSON document, as the path of keys that reaches it. */
function places(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  const children =
    value && typeof value === 'object'
      ? Array.isArray(value)
        ? value.flatMap((child, index) => places(child, [...path, index]))
        : Object.entries(value).flatMap(([key, child]) => places(child, [...path, key]))
      : []
  return [path, ...children]
}

type Edit = { at: number; kind: 'replace' | 'delete' | 'copy-id'; value: Json }

/** Applies edits to a copy: a value replaced, a key removed, or one exchange's ID given to another. */
function edited(original: Json, edits: Edit[]): Json {
  let document = structuredClone(original)
  for (const edit of edits) {
    const all = places(document)
    const path = all[edit.at % all.length]!
    if (path.length === 0) {
      document = edit.kind === 'replace' ? edit.value : document
      continue
    }
    const parent = path
      .slice(0, -1)
      .reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, document)
    const key = path.at(-1)!
    const container = parent as Record<string | number, Json>
    if (edit.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete container[key]
    } else if (edit.kind === 'copy-id' && key === 'id') {
      container[key] = (/"id":\s*"(x\d+)"/.exec(JSON.stringify(document))?.[1] ?? 'x1') as Json
    } else container[key] = edit.value
  }
  return document
}

const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Edit['kind']>('replace', 'delete', 'copy-id'),
  value: fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, fc.constantFrom(...HOSTILE)),
})

const inputs = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(edit, { minLength: 1, maxLength: 4 })
      .map((edits) => JSON.stringify(edited(JSON.parse(RECORDING), edits))),
  },
  { weight: 1, arbitrary: fc.nat(RECORDING.length).map((end) => RECORDING.slice(0, end)) },
  {
    weight: 1,
    arbitrary: fc
      .jsonValue()
      .map((value) => JSON.stringify({ format: 'device-join-trace', version: 1, ...(value as object) })),
  },
  { weight: 1, arbitrary: text },
)

describe('fuzzing trace import', () => {
  it('never throws: a trace comes back valid, or refused with reasons', async () => {
    await fuzz(
      'parseTrace',
      inputs,
      async (input) => {
        const result = parseTrace(input)
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0)
          expect(result.errors.length).toBeLessThanOrEqual(20)
          for (const error of result.errors) expect(typeof error).toBe('string')
          return 'refused'
        }
        // What the page relies on in an accepted trace: unique exchange IDs, methods that are tokens.
        const exchanges = result.trace.steps.flatMap((step) => step.exchanges)
        expect(new Set(exchanges.map((exchange) => exchange.id)).size).toBe(exchanges.length)
        for (const exchange of exchanges) {
          expect(exchange.request.method).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
          expect(toCurl(exchange)).toMatch(/^curl -X '/)
        }
        return 'accepted'
      },
      1000,
    )
  })
})
