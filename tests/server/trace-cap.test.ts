import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { startServer } from '../../src/server/proxy.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import { viaProxy } from './tunnel-client.ts'

const MAX_BYTES = 16 * 1024

it('stops at the trace file size cap: says so in the log and in the file, and refuses every later request with 503', async () => {
  const tracePath = join(mkdtempSync(join(tmpdir(), 'djt-cap-')), 'session.ndjson')
  const lines: string[] = []
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-data-')),
    fixture: contosoManaged(),
    tracePath,
    traceMaxBytes: MAX_BYTES,
    log: (line) => lines.push(line),
  })
  const ca = readFileSync(server.caPath, 'utf8')
  const realm = () =>
    viaProxy(
      server.port,
      'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=1.0',
      {
        ca,
      },
    )
  try {
    const answered: number[] = []
    for (let n = 0; n < 50 && answered.at(-1) !== 503; n++) answered.push((await realm()).status)
    expect(answered.at(-1)).toBe(503)
    const served = answered.filter((status) => status === 200).length
    expect(served).toBeGreaterThan(3)
    // Once stopped, nothing reaches the emulated services: a token request is refused too.
    const later = await viaProxy(server.port, 'https://login.microsoftonline.com/contoso.com/oauth2/token', {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    })
    expect(later.status).toBe(503)
    expect(JSON.parse(later.body)).toEqual({
      error: 'recording_stopped',
      error_description: expect.stringContaining(
        `the file reached its size cap of ${MAX_BYTES} bytes after ${served} requests`,
      ),
    })
    expect(lines).toContainEqual(
      expect.stringMatching(/^trace: .*session\.ndjson: the file reached its size cap/),
    )
    expect(statSync(tracePath).size).toBeLessThanOrEqual(MAX_BYTES)
    const parsed = parseTrace(readFileSync(tracePath, 'utf8'))
    expect(parsed.ok && parsed.trace.steps).toHaveLength(served)
    expect(parsed.ok && parsed.notes?.[0]).toMatch(
      /^The server stopped recording: the file reached its size cap/,
    )
  } finally {
    await server.close()
  }
  expect(statSync(tracePath).size).toBeLessThanOrEqual(MAX_BYTES)
  expect(readFileSync(tracePath, 'utf8')).toMatch(/\{"record":"end","at":\d+\}\n$/)
})
