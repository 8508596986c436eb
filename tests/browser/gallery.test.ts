import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { STORIES } from '../../src/stories/catalogue.ts'
import { useBrowser } from './browser.ts'

const browser = useBrowser()

it('lists every story in the gallery, grouped by flow, and filters them by search', async () => {
  const page = await browser.page('#/gallery')
  await page.locator('ol.phase-strip').first().waitFor()
  expect(await page.locator('.story-card').count()).toBe(STORIES.length)
  expect(await page.locator('.gallery-group h3').allTextContents()).toEqual([
    'Azure AD joined, managed domain',
    'Azure AD joined, federated domain',
    'Hybrid Azure AD joined, managed domain',
    'Hybrid Azure AD joined, federated domain',
  ])
  await page.getByLabel('Search stories').fill('mfa_rejected')
  expect(await page.locator('.story-card h4').allTextContents()).toEqual(['Wrong verification code'])
  await browser.screenshot(page, 'gallery-search')
})

it('replays a story from its recording to the outcome it names, with no network', async () => {
  const page = await browser.page('#/gallery')
  await page
    .locator('[data-story="aadj-managed-tou-declined"]')
    .getByRole('link', { name: /^Replay/ })
    .click()
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('instant')
  await page.locator('main[data-at-end="true"]').waitFor()
  expect(await page.locator('main').getAttribute('data-status')).toBe('TOU_DECLINED')
  await browser.screenshot(page, 'gallery-replay-declined')
})

it('opens an old step= link, and its copied link (now frame=) reopens the same screen in a fresh page', async () => {
  const first = await browser.page('#/story/haadj-managed-sync-pending?step=9')
  await first.locator('main[data-cursor]:not([data-cursor="-1"])').waitFor()
  const cursor = await first.locator('main').getAttribute('data-cursor')
  const title = await first.locator('.narration h2').first().textContent()
  const link = await first.evaluate(() => location.href)
  // Old links counted steps; the page rewrites them to the frame it shows, with the display choices.
  expect(link).toMatch(/#\/story\/haadj-managed-sync-pending\?frame=\d+&presenter=0&theme=\w+$/)
  const second = await browser.page(new URL(link).hash)
  await second.locator(`main[data-cursor="${cursor}"]`).waitFor()
  expect(await second.locator('.narration h2').first().textContent()).toBe(title)
  await browser.screenshot(second, 'deep-link-step-9')
})

it('exports the trace and opens the same file again; a corrupt file is refused with a reason', async () => {
  const page = await browser.page('#/story/aadj-federated-mfa')
  await page.locator('main[data-frames]:not([data-frames="0"])').waitFor()
  // The setup (trace files and server) folds away once a run is on screen; one click opens it.
  await page.getByText('Scenario, story and keys; trace files and server').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download trace' }).click(),
  ])
  const saved = await download.path()
  const text = readFileSync(saved, 'utf8')
  expect(JSON.parse(text)).toMatchObject({ format: 'device-join-trace', story: 'aadj-federated-mfa' })
  expect(text).not.toContain('Pa55w.rd-Megan')

  const fresh = await browser.page('#/')
  await fresh.locator('.transfer input[type="file"]').setInputFiles(saved)
  await fresh.locator('main[data-frames]:not([data-frames="0"])').waitFor()
  expect(await fresh.locator('.transfer .tag').textContent()).toBe('opened file')
  const opened = await fresh.locator('main').getAttribute('data-frames')

  await fresh.locator('.transfer input[type="file"]').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"device-join-trace","version":1,"steps":'),
  })
  const alert = fresh.locator('.transfer-errors')
  await alert.waitFor()
  expect(await alert.textContent()).toMatch(/broken\.json is not a trace this app can open:not JSON/)
  await browser.screenshot(fresh, 'import-refused')
  // The file is read in a worker: its refusals say the same, and the trace on screen stays.
  await fresh.locator('.transfer input[type="file"]').setInputFiles({
    name: 'future.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.replace('"version": 2', '"version": 99')),
  })
  await fresh.getByText('future.json is not a trace this app can open:').waitFor()
  expect(await alert.textContent()).toContain('"version" 99 is not supported (this reader knows 2, 1)')
  expect(await fresh.locator('main').getAttribute('data-frames')).toBe(opened)
  expect(await fresh.locator('.transfer .tag').textContent()).toBe('opened file')
})

it("still opens a trace, and still refuses a broken one, where the trace reader's worker cannot start", async () => {
  const page = await browser.page()
  // As a page whose policy forbids workers would: this reader's worker is refused, nothing else's.
  await page.evaluate(() => {
    const Original = window.Worker
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        if (String(url).includes('trace-reader'))
          throw new DOMException('workers are not allowed', 'SecurityError')
        super(url, options)
      }
    }
  })
  const input = page.locator('.transfer input[type="file"]')
  await input.setInputFiles('src/stories/recordings/aadj-managed-happy.json')
  await page.locator('main[data-frames]:not([data-frames="0"])').waitFor()
  expect(await page.locator('.transfer .tag').textContent()).toBe('opened file')
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format"'),
  })
  await page.getByText('broken.json is not a trace this app can open:').waitFor()
  expect(await page.locator('.transfer-errors').textContent()).toMatch(/not JSON/)
})
