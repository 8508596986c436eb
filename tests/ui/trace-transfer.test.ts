import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { phaseSummary } from '../../src/ui/gallery/phase-summary.ts'
import { cursorForStep, framesFromTrace } from '../../src/ui/session/trace-frames.ts'
import { exportTrace } from '../../src/ui/transfer/trace-file.ts'
import { readTraceFile } from '../../src/ui/transfer/trace-reader.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Trace } from '../../src/trace/schema.ts'

const recording = (id: string): Trace => {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${id}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join())
  return parsed.trace
}

describe('replaying and moving traces', () => {
  it('turns a recording into frames whose deep-link cursor lands on the asked step', () => {
    const trace = recording('aadj-managed-happy')
    const frames = framesFromTrace(trace)
    expect(frames).toHaveLength(
      trace.steps.length + trace.steps.reduce((sum, step) => sum + step.exchanges.length, 0),
    )
    const cursor = cursorForStep(frames, 4)
    const owner =
      frames[cursor]!.kind === 'exchange' ? (frames[cursor] as { stepIndex: number }).stepIndex : -1
    expect(owner).toBe(4)
    expect(frames[cursor + 1]).toMatchObject({ kind: 'step', step: { index: 5 } })
    expect(frames[cursor]).toMatchObject({ kind: 'exchange', exchange: { request: { method: 'POST' } } })
    expect(frames.at(-1)!.device.status['Device State']).toMatchObject({ AzureAdJoined: 'YES' })
  })

  it('exports a trace that imports back unchanged, with demo secrets scrubbed', async () => {
    const trace = recording('aadj-managed-happy')
    const text = exportTrace(trace, ['Pa55w.rd-Contoso'])
    expect(text).not.toContain('Pa55w.rd-Contoso')
    expect(await readTraceFile(new Blob([text]))).toEqual({ ok: true, trace })
    // Saved again as UTF-16 with its byte-order mark (Windows PowerShell 5, Notepad): the same trace.
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(text, (char) => char.charCodeAt(0)).buffer),
    ])
    expect(await readTraceFile(new Blob([utf16]))).toEqual({ ok: true, trace })
  })

  it('refuses a corrupt file with a reason', async () => {
    expect(
      await readTraceFile(new Blob(['{"format":"device-join-trace","version":1,"scenario":"x"'])),
    ).toMatchObject({ ok: false, errors: [expect.stringMatching(/^not JSON/)] })
    // Bytes that are not JSON text: random binary, and UTF-16 with no byte-order mark to say so.
    const binary = new Uint8Array(4096).map((_, index) => (index * 7919) % 256)
    const utf16 = new Uint8Array([...'{"format":1}'].flatMap((char) => [char.charCodeAt(0), 0]))
    for (const bytes of [binary, utf16])
      expect(await readTraceFile(new Blob([bytes]))).toMatchObject({
        ok: false,
        errors: [expect.stringMatching(/^the file is binary or UTF-16 text/)],
      })
    // Past the largest session trace the server writes by default (64 MiB), refused before it is read.
    expect(await readTraceFile(new Blob([new Uint8Array(65 * 1024 * 1024)]))).toMatchObject({
      ok: false,
      errors: ['the file is 66560 KiB; a trace is at most 65536 KiB'],
    })
  })

  it('refuses a shared trace whose exchanges repeat an ID, naming it, rather than opening the wrong one', async () => {
    const trace = recording('aadj-managed-happy')
    const [first, second] = trace.steps.filter((step) => step.exchanges.length > 0)
    second!.exchanges[0]!.id = first!.exchanges[0]!.id
    const result = await readTraceFile(new Blob([JSON.stringify(trace)]))
    expect(result).toMatchObject({
      ok: false,
      errors: [expect.stringContaining(`the exchange ID "${first!.exchanges[0]!.id}" is already used at`)],
    })
  })

  it('summarises phases for a gallery card: failures where they happened, retries and skips', () => {
    expect(
      phaseSummary(recording('aadj-managed-tou-declined')).map((mark) => `${mark.phase}:${mark.state}`),
    ).toEqual(['A:done', 'B:done', 'C:done', 'D:failed'])
    expect(phaseSummary(recording('aadj-managed-no-tou')).find((mark) => mark.phase === 'D')?.state).toBe(
      'skipped',
    )
    const retry = phaseSummary(recording('haadj-managed-sync-pending'))
    expect(retry.map((mark) => mark.phase).join('')).toBe('ABCDEFGABCDEFGH')
    expect(retry[0]!.state).toBe('retried')
    // A loop back inside one pass is not a new pass: each letter once.
    expect(
      phaseSummary(recording('aadj-federated-wrong-password')).map((mark) => `${mark.phase}:${mark.state}`),
    ).toEqual(['A:done', 'B:done', 'C:failed', 'D:retried'])
  })
})
