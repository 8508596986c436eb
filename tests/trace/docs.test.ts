import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { JOIN_ERROR_CODES } from '../../src/trace/outcome.ts'
import { artifactsSchema, exchangeSchema, stepSchema, traceSchema } from '../../src/trace/schema.ts'
import { OLDER_TRACE_VERSIONS, TRACE_FORMAT, TRACE_VERSION } from '../../src/trace/version.ts'

const DOC = readFileSync(join(import.meta.dirname, '../../docs/trace-format.md'), 'utf8')

/** The rows of the table under `## <title>`, each an object keyed by the table's header. */
function table(title: string): Array<Record<string, string>> {
  const section = DOC.split(/^## /m).find((part) => part.startsWith(`${title}\n`))
  if (!section) throw new Error(`docs/trace-format.md has no "## ${title}"`)
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll('\\|', '|')),
    )
  const [header, , ...body] = rows
  return body.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ''])))
}

const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)
const names = (rows: Array<Record<string, string>>) => rows.flatMap((row) => ticked(row.attribute!)).sort()
const row = (rows: Array<Record<string, string>>, name: string) =>
  rows.find((candidate) => ticked(candidate.attribute!).includes(name))!
const documentedOptional = (rows: Array<Record<string, string>>) =>
  rows
    .filter((candidate) => /optional|when/.test(candidate.type!))
    .flatMap((candidate) => ticked(candidate.attribute!))
    .sort()

type Shape = Record<string, z.ZodType>
const keys = (shape: Shape) => Object.keys(shape).sort()
const optionalKeys = (shape: Shape) =>
  Object.entries(shape)
    .filter(([, field]) => field.safeParse(undefined).success)
    .map(([name]) => name)
    .sort()
/** The closed set of strings a field takes, read from the schema. */
function valuesOf(field: z.ZodType): string[] {
  const def = field._zod.def as { type: string; innerType?: z.ZodType; options?: z.ZodType[] }
  if (def.type === 'optional') return valuesOf(def.innerType!)
  if (def.type === 'union') return def.options!.flatMap(valuesOf)
  return [...(field._zod.values ?? [])].map(String)
}

const top = table('Top level')
const steps = table('Step')
const exchanges = table('Exchange')
const artifacts = table('Artifacts')
const older = table('Older versions')
const failureCodes = ticked(DOC.split('Failure codes (')[1]!.split('\n\n')[0]!).filter((code) =>
  /^[A-Z_]+$/.test(code),
)

describe('docs/trace-format.md and the schema say the same', () => {
  it('has the same attributes in every table, and the same optional ones', () => {
    expect(names(top)).toEqual(keys(traceSchema.shape))
    expect(names(steps)).toEqual(keys(stepSchema.shape))
    expect(names(exchanges)).toEqual(keys(exchangeSchema.shape))
    expect(names(artifacts)).toEqual(keys(artifactsSchema.shape))
    expect(documentedOptional(top)).toEqual(optionalKeys(traceSchema.shape))
    expect(documentedOptional(steps)).toEqual(optionalKeys(stepSchema.shape))
    expect(optionalKeys(artifactsSchema.shape)).toEqual(keys(artifactsSchema.shape))
  })

  it('lists the same values for every closed set', () => {
    expect(ticked(row(top, 'format').type!)).toEqual([`"${TRACE_FORMAT}"`])
    expect(ticked(row(top, 'version').type!)).toEqual([String(TRACE_VERSION)])
    expect(older.flatMap((entry) => ticked(entry.version!))).toEqual(OLDER_TRACE_VERSIONS.map(String))
    expect(ticked(row(top, 'scenario').type!).sort()).toEqual(valuesOf(traceSchema.shape.scenario).sort())
    expect(failureCodes).toEqual([...JOIN_ERROR_CODES])
    expect([...ticked(row(top, 'outcome').type!), ...failureCodes].sort()).toEqual(
      valuesOf(traceSchema.shape.outcome).sort(),
    )
    expect(ticked(row(steps, 'prompt').type!).sort()).toEqual(valuesOf(stepSchema.shape.prompt).sort())
    expect(ticked(row(exchanges, 'protocol').type!).sort()).toEqual(
      valuesOf(exchangeSchema.shape.protocol).sort(),
    )
    expect(ticked(row(exchanges, 'from').meaning!).sort()).toEqual(valuesOf(exchangeSchema.shape.from).sort())
    expect(valuesOf(exchangeSchema.shape.to)).toEqual(valuesOf(exchangeSchema.shape.from))
    const [first, last] = ticked(row(steps, 'phase').type!)
    const letters = valuesOf(stepSchema.shape.phase)
    expect([letters[0], letters.at(-1)]).toEqual([first, last])
  })

  it('refuses what the prose forbids: a failure without a failure outcome, a non-ISO date, a stray prompt', () => {
    const valid = {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      scenario: 'aadj-managed',
      startedAt: '2026-01-15T09:00:00.000Z',
      outcome: 'TIMED_OUT',
      failure: { code: 'TIMED_OUT', message: 'late' },
      steps: [],
      artifacts: {},
    }
    expect(traceSchema.safeParse(valid).success).toBe(true)
    expect(traceSchema.safeParse({ ...valid, failure: undefined }).success).toBe(false)
    expect(traceSchema.safeParse({ ...valid, outcome: 'registered' }).success).toBe(false)
    expect(traceSchema.safeParse({ ...valid, failure: { code: 'UNEXPECTED', message: 'x' } }).success).toBe(
      false,
    )
    // A capture that stops before the join (a HAR) is pending like a server session; never with a failure.
    expect(traceSchema.safeParse({ ...valid, outcome: 'pending', failure: undefined }).success).toBe(true)
    expect(traceSchema.safeParse({ ...valid, outcome: 'pending' }).success).toBe(false)
    expect(traceSchema.safeParse({ ...valid, startedAt: 'Thursday morning' }).success).toBe(false)
    const step = { index: 0, phase: 'B', state: 's', title: 't', narration: '', at: 0, exchanges: [] }
    expect(traceSchema.safeParse({ ...valid, steps: [{ ...step, prompt: 'signin' }] }).success).toBe(false)
    expect(traceSchema.safeParse({ ...valid, steps: [{ ...step, index: 3 }] }).success).toBe(false)
  })
})
