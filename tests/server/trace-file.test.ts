import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSimulatedClock } from '../../src/engine/run-clock.ts'
import type { ExchangeRecord } from '../../src/engine/trace-recorder.ts'
import { SessionTrace } from '../../src/server/session-trace.ts'
import { openTraceFile } from '../../src/server/trace-file.ts'
import { RECORDING_EPOCH } from '../../src/stories/recording.ts'
import { parseTrace } from '../../src/trace/parse.ts'

const realm = (n: number): ExchangeRecord => ({
  protocol: 'http',
  from: 'device',
  to: 'azure-ad',
  request: {
    method: 'GET',
    url: `https://login.microsoftonline.com/common/userrealm/user${n}%40contoso.com?api-version=1.0`,
    headers: {},
    body: '',
  },
  response: { status: 200, headers: {}, body: JSON.stringify({ account_type: 'Managed', n }) },
})

/** A session of `requests` realm lookups written to a fresh file; `close` ends it cleanly. */
function writeSession(requests: number, close: boolean): string {
  const path = join(mkdtempSync(join(tmpdir(), 'djt-records-')), 'session.ndjson')
  const clock = createSimulatedClock(RECORDING_EPOCH)
  const session = new SessionTrace('CA PEM', clock.now)
  session.writeTo(openTraceFile(path, { maxBytes: 1 << 20, now: clock.now, log: () => undefined }))
  for (let n = 0; n < requests; n++) {
    clock.advance(10)
    session.record(realm(n))
  }
  if (close) session.close()
  return path
}

describe('the session trace file: newline-delimited records', () => {
  it('is a header and one line per request, appended, and reads back as one trace', () => {
    const path = writeSession(3, true)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as { record: string }).record)).toEqual([
      'header',
      'step',
      'step',
      'step',
      'end',
    ])
    const parsed = parseTrace(readFileSync(path, 'utf8'))
    expect(parsed).toMatchObject({ ok: true, notes: [] })
    expect(parsed.ok && parsed.trace).toMatchObject({
      scenario: 'server-session',
      outcome: 'pending',
      artifacts: { caCertificate: 'CA PEM' },
    })
    expect(
      parsed.ok && parsed.trace.steps.map((step) => [step.index, step.at, step.exchanges[0]!.id]),
    ).toEqual([
      [0, 10, 'x1'],
      [1, 20, 'x2'],
      [2, 30, 'x3'],
    ])
  })

  it('reads a file whose last line a SIGKILL cut off: that line is left out with a note, never an exception', () => {
    const text = readFileSync(writeSession(3, false), 'utf8')
    const cut = text.slice(0, text.length - 40)
    const parsed = parseTrace(cut)
    expect(parsed.ok && parsed.trace.steps).toHaveLength(2)
    expect(parsed.ok && parsed.notes).toEqual([
      expect.stringMatching(/^The last line \(\d+ characters\) was cut off while it was written/),
      expect.stringContaining('no closing record'),
    ])
    // Cut anywhere, it is read or refused with reasons; it never throws.
    for (let end = 0; end <= text.length; end += 97)
      expect(() => parseTrace(text.slice(0, end))).not.toThrow()
  })

  it('refuses a file damaged before its last line, naming the line', () => {
    const lines = readFileSync(writeSession(3, true), 'utf8').split('\n')
    lines[2] = lines[2]!.slice(0, 30)
    expect(parseTrace(lines.join('\n'))).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^line 3: not JSON/)],
    })
    const [, ...withoutHeader] = readFileSync(writeSession(1, true), 'utf8').split('\n')
    expect(parseTrace(`{"record":"header"}\n${withoutHeader.join('\n')}`)).toEqual({
      ok: false,
      errors: ['"format" is not "device-join-trace": this is not a device-join trace'],
    })
  })

  it('is explained by npm run flow -- explain, with the note about the cut-off line', () => {
    const text = readFileSync(writeSession(2, false), 'utf8')
    const path = join(mkdtempSync(join(tmpdir(), 'djt-records-')), 'killed.ndjson')
    writeFileSync(path, text.slice(0, -25))
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flow.ts', 'explain', path], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('trace of server-session')
    expect(result.stdout).toMatch(/Note: The last line \(\d+ characters\) was cut off/)
  })
})
