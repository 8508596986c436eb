import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { sazOfRecording } from '../support/saz-archive.ts'
import { useBrowser } from './browser.ts'

const browser = useBrowser()

it('explains a pasted dsregcmd /status of a failed hybrid join, and refuses text that is not one', async () => {
  const page = await browser.page()
  const reader = page.getByRole('region', { name: 'Explain a real device' })
  const input = reader.getByLabel('dsregcmd /status output')
  await input.fill('<script>alert(1)</script>')
  await reader.getByRole('button', { name: 'Explain' }).click()
  expect(await reader.getByRole('alert').textContent()).toMatch(/^Not read: No AzureAdJoined/)

  await input.fill(readFileSync('tests/explain/dsregcmd/hybrid-failed-sync.txt', 'utf8'))
  await reader.getByRole('button', { name: 'Explain' }).click()
  const analysis = reader.getByRole('article', { name: 'Analysis' })
  const text = (await analysis.textContent()) ?? ''
  expect(text).toContain('Join stateDomain joined only')
  expect(text).toContain('Phase reachedD: waiting for Azure AD Connect')
  expect(text).toContain('Client error code0x801c03f2 DSREG_E_DIRECTORY_FAILURE')
  expect(text).toContain('What to check')
  const story = analysis.getByRole('link', { name: 'Sync not yet run, then a retry' })
  expect(await story.getAttribute('href')).toBe('#/story/haadj-managed-sync-pending')
  await browser.screens(page, 'explain-dsregcmd', () => analysis.scrollIntoViewIfNeeded())
})

it('shows an AD FS assertion as issuer, audience and NameID, its signature checked', async () => {
  const page = await browser.page('#/story/aadj-federated-happy')
  await page.getByLabel('Speed').selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  // x5: the password POSTed to AD FS, answered by the auto-post page that carries wresult.
  await page.getByRole('button', { name: 'x5 response: 200 text/html' }).click()
  const inspector = page.getByRole('region', { name: 'Payload inspector' })
  const card = inspector.getByRole('article', {
    name: /^SAML 1\.1 assertion: response body › wresult › Assertion/,
  })
  const fields = card.getByLabel('SAML assertion fields')
  // The first decode loads the decoder worker's modules from the dev server. Twice in a fresh
  // clone's CI the card had not come after 30 s; if it does not come, say what the inspector shows.
  await fields.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
    const shown = (await inspector.textContent())?.slice(0, 800)
    throw new Error(`No SAML card; the inspector shows: ${shown}`, { cause: error })
  })
  const text = (await fields.textContent()) ?? ''
  expect(text).toContain('Issuerhttp://sts.contoso.com/adfs/services/trust')
  expect(text).toContain('Audienceurn:federation:MicrosoftOnline')
  expect(text).toContain('NameIDfhtsP6RSHUyaix4vOktcbQ==')
  expect(text).toContain('Valid until2026-01-15 10:00:00 UTC')
  expect(await card.locator('.signature').textContent()).toMatch(/^Signature: verified/)
  await browser.screens(page, 'explain-saml', () => card.scrollIntoViewIfNeeded())
})

it('says after a failed hybrid join what Windows would report, with dsregcmd’s Diagnostic Data', async () => {
  const page = await browser.page('#/story/haadj-managed-no-scp')
  await page.getByLabel('Speed').selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  const panel = page.getByRole('region', { name: 'Device panel' })
  const status = (await panel.getByLabel('dsregcmd /status output').textContent()) ?? ''
  expect(status).toMatch(/AD Configuration Test : FAIL \[0x801c001d\]/)
  expect(status).toMatch(/ {16}Error Phase : discover/)
  const why = panel.getByRole('region', { name: 'Why the join failed' })
  expect(await why.textContent()).toContain('0x801c001d DSREG_AUTOJOIN_ADCONFIG_READ_FAILED')
  await browser.screens(page, 'explain-failure', () => why.scrollIntoViewIfNeeded())
})

it('filters the network log by status, service and text, and opens a row in the inspector', async () => {
  const page = await browser.page('#/story/haadj-managed-sync-pending')
  await page.getByLabel('Speed').selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  const log = page.getByRole('region', { name: 'Network log' })
  const rows = log.locator('tbody tr')
  expect(await rows.count()).toBe(11)
  await log.getByLabel('Status').selectOption('failed')
  expect(await rows.allInnerTexts()).toEqual([
    expect.stringMatching(
      /^G\s+Azure DRS\s+PUT\s+enterpriseregistration\.windows\.net\/EnrollmentServer\/device\/\S+\s+400\s/,
    ),
  ])
  await log.getByLabel('Status').selectOption('all')
  await log.getByLabel('Service').selectOption('On-premises AD')
  expect(await rows.count()).toBe(5)
  await log.getByLabel('Service').selectOption('all')
  await log.getByLabel('Search bodies').fill('DirectoryError')
  expect(await log.locator('.network-count').textContent()).toBe('1 of 11')
  await rows.first().getByRole('button').click()
  const inspector = page.getByRole('region', { name: 'Payload inspector' })
  expect(await inspector.locator('.exchange-title').textContent()).toContain('Azure DRS')
  await log.getByLabel('Search bodies').fill('')
  await browser.screens(page, 'explain-network', () => log.scrollIntoViewIfNeeded())
})

it('draws the network log as a waterfall: each row’s start, duration and a bar as long as it took', async () => {
  const page = await browser.page('#/story/haadj-managed-sync-pending')
  await page.getByLabel('Speed').selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  const log = page.getByRole('region', { name: 'Network log' })
  const rows = log.locator('tbody tr')
  const cells = async (index: number) => rows.nth(index).locator('td').allTextContents()
  const header = await log.locator('thead th').allTextContents()
  const [start, duration] = [header.indexOf('Start'), header.indexOf('Duration')]
  // On the recording's clock DRS takes 420 ms, an LDAP operation 6 ms, a step of a sync cycle 2.5 s.
  const byTarget = async (text: RegExp) => {
    const row = rows.filter({ hasText: text }).first()
    const texts = await row.locator('td').allTextContents()
    const bar = await row.locator('.network-bar').boundingBox()
    return { start: texts[start], duration: texts[duration], bar: bar! }
  }
  const put = await byTarget(/DRSPUT/)
  const sync = await byTarget(/aad-connect\/scheduler/)
  const search = await byTarget(/On-premises ADsearch/)
  expect([put.duration, sync.duration, search.duration]).toEqual(['420 ms', '2.5 s', '6 ms'])
  expect(put.start).toMatch(/^30 min \d+ s$/)
  expect(search.start).toBe('0 ms')
  // Bars start in time order and are as long as the exchange took (the cycle 2500/420 the PUT).
  expect(put.bar.x).toBeGreaterThan(sync.bar.x)
  expect(sync.bar.x).toBeGreaterThan(search.bar.x)
  expect(sync.bar.width / put.bar.width).toBeCloseTo(2500 / 420, 0)
  expect(await cells(0)).toContain('0 ms')

  await log.getByLabel('Order').selectOption('slowest first')
  expect((await cells(0))[duration]).toBe('2.5 s')
  await log.getByLabel('Order').selectOption('as they happened')
  await rows
    .filter({ hasText: /DRSPUT/ })
    .first()
    .getByRole('button')
    .click()
  const time = page.getByRole('region', { name: 'Payload inspector' }).locator('.exchange-time')
  expect(await time.textContent()).toMatch(
    /^Started 30 min \d+ s into the run \(09:30:02\.500 UTC\), took 420 ms$/,
  )
  await browser.screens(page, 'timing-network', () => log.scrollIntoViewIfNeeded())
  // On a phone the last row's duration and bar, the rightmost, are on screen without scrolling
  // sideways, and so is the waterfall's heading.
  await page.setViewportSize({ width: 390, height: 844 })
  await log.scrollIntoViewIfNeeded()
  const last = rows.last()
  const bar = (await last.locator('.network-bar').boundingBox())!
  expect(await last.getByText('420 ms').isVisible()).toBe(true)
  expect(bar.x + bar.width).toBeLessThanOrEqual(390)
  const heading = (await log.getByRole('columnheader', { name: 'Waterfall' }).boundingBox())!
  expect(heading.x + heading.width).toBeLessThanOrEqual(390)
})

it('opens a Fiddler .saz of a failed sign-in as a timed network log with its failure named', async () => {
  const page = await browser.page('#/')
  await page.locator('.transfer input[type="file"]').setInputFiles({
    name: 'wrong-password.saz',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(sazOfRecording('aadj-managed-wrong-password')),
  })
  await page.locator('main[data-frames]:not([data-frames="0"])').waitFor()
  await page.getByLabel('Speed').selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  const log = page.getByRole('region', { name: 'Network log' })
  const failed = await log.locator('tbody tr.network-failed').allInnerTexts()
  expect(failed).toEqual([
    expect.stringMatching(/^C\s+Azure AD\s+POST\s+login\.microsoftonline\.com\/\S+\s+400\s.+\s180 ms\s*$/),
  ])
  const why = page.getByRole('region', { name: 'Why the join failed' })
  expect(await why.textContent()).toContain('AADSTS50126')
  await page.locator('.transfer input[type="file"]').setInputFiles({
    name: 'cut.saz',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(sazOfRecording('aadj-managed-happy').subarray(0, 200)),
  })
  expect(await page.locator('.transfer-errors').textContent()).toMatch(
    /cut\.saz is not a trace this app can open:the zip archive is cut short/,
  )
})
