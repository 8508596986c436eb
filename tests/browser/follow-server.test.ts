import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { joinDevice, prepareJoiner } from '../server/join-client.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { viaProxy } from '../server/tunnel-client.ts'
import { useBrowser } from './browser.ts'

const browser = useBrowser()
let server: RunningServer
const tracePath = join(mkdtempSync(join(tmpdir(), 'djt-follow-trace-')), 'session.ndjson')

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-follow-')),
    fixture: contosoManaged(),
    tracePath,
    log: () => undefined,
  })
})
afterAll(() => server.close())

it("follows a running server: a real client's request shows in the tracer as it happens", async () => {
  const page = await browser.page('#/')
  await page.getByRole('textbox', { name: 'Server' }).fill(`http://127.0.0.1:${server.port}`)
  await page.getByRole('button', { name: 'Follow a server' }).click()
  await page.getByText(/Following 127\.0\.0\.1:\d+: 0 request/).waitFor()
  const ca = readFileSync(server.caPath, 'utf8')
  await viaProxy(
    server.port,
    'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=1.0',
    { ca },
  )
  await page.getByText(/Following 127\.0\.0\.1:\d+: 1 request/).waitFor()
  expect(await page.locator('.transfer .tag').textContent()).toBe('server session')
  await page.locator('main[data-frames="2"]').waitFor()
  await browser.screenshot(page, 'follow-server')
})

it("opens a server's --trace file cut off by a kill as one trace, saying what it left out", async () => {
  const ca = readFileSync(server.caPath, 'utf8')
  await joinDevice((url, init) => viaProxy(server.port, url, { ca, ...init }), await prepareJoiner())
  // As a SIGKILL in the middle of writing the next record would leave it: half a line, no end.
  const text = `${readFileSync(tracePath, 'utf8')}{"record":"step","step":{"phase":"G","sta`
  const page = await browser.page('#/')
  await page.locator('.transfer input[type="file"]').setInputFiles({
    name: 'session.ndjson',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(text),
  })
  await page.locator('main[data-frames]:not([data-frames="0"])').waitFor()
  expect(await page.locator('.transfer .tag').textContent()).toBe('opened file')
  const notes = page.getByRole('status', { name: 'About the opened file' })
  expect(await notes.textContent()).toMatch(/The last line \(\d+ characters\) was cut off.*no closing record/)
  expect(await page.locator('.transfer-errors').count()).toBe(0)
  await browser.screenshot(page, 'open-killed-session-trace')
})
