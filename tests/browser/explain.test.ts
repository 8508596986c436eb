import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useBrowser } from './browser.ts'

const browser = useBrowser()
const SCREENS = '/work/team/screens'

/** The same screen at a laptop's 1280×720 and a phone's 390 px, for a person to look at. */
async function screens(page: Page, name: string, focus: () => Promise<void>) {
  mkdirSync(SCREENS, { recursive: true })
  for (const [suffix, size] of [
    ['1280', { width: 1280, height: 720 }],
    ['390', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size)
    await focus()
    await page.screenshot({ path: `${SCREENS}/explain-${name}-${suffix}.png` })
  }
}

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
  await screens(page, 'dsregcmd', () => analysis.scrollIntoViewIfNeeded())
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
  await fields.waitFor()
  const text = (await fields.textContent()) ?? ''
  expect(text).toContain('Issuerhttp://sts.contoso.com/adfs/services/trust')
  expect(text).toContain('Audienceurn:federation:MicrosoftOnline')
  expect(text).toContain('NameIDfhtsP6RSHUyaix4vOktcbQ==')
  expect(text).toContain('Valid until2026-01-15 10:00:00 UTC')
  expect(await card.locator('.signature').textContent()).toMatch(/^Signature: verified/)
  await screens(page, 'saml', () => card.scrollIntoViewIfNeeded())
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
  await screens(page, 'failure', () => why.scrollIntoViewIfNeeded())
})

it('filters the network log by status, service and text, and opens a row in the inspector', async () => {
  const page = await browser.page('#/story/haadj-managed-sync-pending')
  await page.getByLabel('Speed').selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  const log = page.getByRole('region', { name: 'Network log' })
  const rows = log.locator('tbody tr')
  expect(await rows.count()).toBe(11)
  await log.getByLabel('Status').selectOption('failed')
  expect(await rows.allTextContents()).toEqual([
    expect.stringMatching(
      /^GAzure DRSPUTenterpriseregistration\.windows\.net\/EnrollmentServer\/device\/.+400/,
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
  await screens(page, 'network', () => log.scrollIntoViewIfNeeded())
})
