import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseFaults } from '../../mocks/faults/catalogue.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { viaProxy } from './tunnel-client.ts'

let server: RunningServer
let ca = ''
const lines: string[] = []

beforeAll(async () => {
  const parsed = parseFaults(['drs.discovery:503', 'aad.realm:drop'])
  if (!parsed.ok) throw new Error(parsed.reasons.join('; '))
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-data-')),
    fixture: contosoManaged(),
    log: (line) => lines.push(line),
    faults: parsed.faults.map((fault) => ({ fault })),
  })
  ca = readFileSync(server.caPath, 'utf8')
})
afterAll(() => server.close())

it("answers an outside client's DRS discovery with DRS's own 503 body when the fault is armed", async () => {
  const response = await viaProxy(
    server.port,
    'https://enterpriseregistration.windows.net/contoso.com/enrollmentserver/contract?api-version=1.2',
    { ca, headers: { accept: 'application/json' } },
  )
  expect(response.status).toBe(503)
  expect(JSON.parse(response.body)).toMatchObject({ ErrorType: 'ServiceUnavailable' })
})

it('closes the connection without an answer for a dropped-connection fault, and keeps serving', async () => {
  await expect(
    viaProxy(
      server.port,
      'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=2.1',
      {
        ca,
      },
    ),
  ).rejects.toThrow()
  expect(lines.some((line) => line.includes('connection dropped (fault)'))).toBe(true)
  const keys = await viaProxy(server.port, 'https://login.microsoftonline.com/common/discovery/keys', { ca })
  expect(keys.status).toBe(200)
})

it('refuses an unknown fault on the command line with the valid names, exit 2, before listening', () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/server/serve.ts', '--port', '0', '--fault', 'drs.join:teapot'],
    { encoding: 'utf8', timeout: 60_000 },
  )
  expect(result.status).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toContain('--fault "drs.join:teapot": "teapot" is not an effect')
  expect(result.stderr).toContain('drs.join         500 503 malformed truncated drop')
})
