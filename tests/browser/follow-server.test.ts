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

const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'

/** A client through the proxy: asks for a device code, and polls with it. */
async function deviceCodeClient() {
  const ca = readFileSync(server.caPath, 'utf8')
  const form = (fields: Record<string, string>) => ({
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  const asked = await viaProxy(
    server.port,
    'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/devicecode',
    form({ client_id: AZURE_CLI, scope: 'openid offline_access' }),
  )
  const code = JSON.parse(asked.body) as { user_code: string; device_code: string }
  const poll = async () => {
    const answer = await viaProxy(
      server.port,
      'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token',
      form({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: AZURE_CLI,
        scope: 'openid offline_access',
        device_code: code.device_code,
      }),
    )
    return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> }
  }
  return { userCode: code.user_code, poll }
}

it('lists a pending device code while following, approves it for a polling client, and denies another', async () => {
  const page = await browser.page('#/')
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.getByRole('textbox', { name: 'Server' }).fill(`http://127.0.0.1:${server.port}`)
  await page.getByRole('button', { name: 'Follow a server' }).click()
  const panel = page.getByRole('region', { name: 'Device codes waiting for a user' })
  await panel.getByText(/None: a client that asks/).waitFor()
  const approved = await deviceCodeClient()
  expect((await approved.poll()).body.error).toBe('authorization_pending')
  const row = panel.locator('li', { hasText: approved.userCode })
  await row.waitFor()
  await expect(row.textContent()).resolves.toContain('Microsoft Azure CLI')
  // A wrong password is refused in the server's words, and the code stays pending.
  await row.getByLabel('User').fill('adele.vance@contoso.com')
  await row.getByLabel('Password').fill('wrong')
  await row.getByRole('button', { name: 'Approve' }).click()
  await row
    .getByRole('status')
    .getByText(/AADSTS50126/)
    .waitFor()
  await row.getByLabel('Password').fill('Pa55w.rd-Contoso')
  await browser.screenshot(page, 'afterjoin-device-codes-1280')
  await panel.screenshot({ path: 'test-artifacts/afterjoin-device-codes-panel-1280.png' })
  await row.getByRole('button', { name: 'Approve' }).click()
  await row.waitFor({ state: 'detached' })
  const tokens = await approved.poll()
  expect(tokens.status).toBe(200)
  expect(tokens.body.access_token).toEqual(expect.any(String))

  const denied = await deviceCodeClient()
  const deniedRow = panel.locator('li', { hasText: denied.userCode })
  await page.setViewportSize({ width: 390, height: 844 })
  await deniedRow.waitFor()
  await browser.screenshot(page, 'afterjoin-device-codes-390')
  await panel.screenshot({ path: 'test-artifacts/afterjoin-device-codes-panel-390.png' })
  // The panel and the follow controls fit a phone's width (the rest of the page is not this test's).
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.device-codes, .device-codes *, .follow-server')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .map((element) => `${element.tagName}.${element.className}`),
  )
  expect(wide).toEqual([])
  await deniedRow.getByRole('button', { name: 'Deny' }).click()
  await deniedRow.waitFor({ state: 'detached' })
  const declined = await denied.poll()
  expect([declined.status, declined.body.error]).toEqual([400, 'authorization_declined'])
}, 120_000)
