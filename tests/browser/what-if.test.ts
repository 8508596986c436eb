import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { framesFromTrace } from '../../src/ui/session/trace-frames.ts'
import type { Trace } from '../../src/trace/schema.ts'
import { useBrowser } from './browser.ts'
import { answerUntilEnd, startStory } from './tracer-page.ts'

const browser = useBrowser()

/** The frame number (as the page counts) that stands just before the story's join request. */
function frameBeforeJoin(storyId: string): number {
  const trace = JSON.parse(readFileSync(`src/stories/recordings/${storyId}.json`, 'utf8')) as Trace
  const index = framesFromTrace(trace).findIndex(
    (frame) =>
      frame.kind === 'exchange' &&
      frame.exchange.request.method === 'POST' &&
      frame.exchange.request.url.includes('/EnrollmentServer/device/'),
  )
  expect(index).toBeGreaterThan(0)
  return index
}

it('injects a fault from the UI on a paused step and shows the run failing with the Windows code, the original kept', async () => {
  const frame = frameBeforeJoin('aadj-managed-happy')
  const page = await browser.page(`#/story/aadj-managed-happy?frame=${frame}`)
  await page.locator(`main[data-cursor="${frame - 1}"]`).waitFor()
  const summary = page.locator('summary', { hasText: 'What if…' })
  expect(await summary.getAttribute('aria-label')).toBe('What if… next: Device registration')
  // Keyboard only: open the menu, reach the fault, choose it; Escape closes it again.
  await summary.focus()
  await page.keyboard.press('Enter')
  const menu = page.getByRole('group', { name: 'What if' })
  await page.keyboard.press('Escape')
  await menu.waitFor({ state: 'hidden' })
  await page.keyboard.press('Enter')
  expect(await menu.textContent()).toContain('Next: Device registration (drs.join)')
  expect(await menu.getByRole('button', { name: /^drs\.join:503 / }).count()).toBe(1)
  expect(await menu.getByRole('button', { name: /^drs\.join:quota / }).count()).toBe(1)
  await browser.screens(page, 'whatif-picker', () => summary.scrollIntoViewIfNeeded())
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^drs\.join:503 /)
  await page.keyboard.press('Enter')

  await page.locator('main[data-status="SERVICE_UNAVAILABLE"]').waitFor({ timeout: 60_000 })
  // At the end the panel reads "Reading the device…" until the explainer's code has loaded (a
  // moment on a busy machine: CI once read the panel before it), then shows the status.
  const panel = page.getByRole('region', { name: 'Device panel' })
  await panel.getByLabel('dsregcmd /status output').waitFor()
  const explained = await panel.textContent()
  expect(explained).toContain('0x801c0025 DSREG_SERVER_BUSY')
  // The banner a trainer points at names the code too, not only the device panel.
  expect(await page.locator('.outcome-failed').textContent()).toContain(
    'SERVICE_UNAVAILABLE (Windows: 0x801c0025 DSREG_SERVER_BUSY)',
  )
  // The device sent the join three times before it gave up.
  const joins = page.locator('.network-table tbody tr', { hasText: '/EnrollmentServer/device/' })
  expect(await joins.count()).toBe(3)
  const compare = page.getByRole('group', { name: 'Compare runs' })
  expect(await compare.textContent()).toBe('OriginalWith drs.join:503')
  await browser.screens(page, 'whatif-failed', () => compare.scrollIntoViewIfNeeded())

  await compare.getByRole('button', { name: 'Original' }).click()
  await page.locator(`main[data-cursor="${frame - 1}"]`).waitFor()
  expect(await compare.getByRole('button', { name: 'Original' }).getAttribute('aria-pressed')).toBe('true')
  await page.keyboard.press('End')
  await page.locator('main[data-status="registered"]').waitFor()
  await compare.getByRole('button', { name: 'With drs.join:503' }).click()
  await page.locator('main[data-status="SERVICE_UNAVAILABLE"]').waitFor()
  // Presenter mode: the control stays in the playback row, and nothing else moves for it.
  await page.keyboard.press('Home')
  await page.keyboard.press('p')
  await page.locator('main.presenter').waitFor()
  await page.setViewportSize({ width: 1280, height: 720 })
  await browser.screenshot(page, 'whatif-presenter-1280')
  await page.keyboard.press('p')
})

it('replays a live run with the answers the user gave, and the join fails over the device quota with 0x801c000e', async () => {
  const page = await browser.page('#/')
  await startStory(page, { speed: 'instant' })
  expect(await answerUntilEnd(page)).toBe('registered')
  const summary = page.locator('summary', { hasText: 'What if…' })
  // Back from the end until the next exchange is the join. Where no exchange that a fault fits
  // comes next (the last frames) there is no menu at all: a read of its label would wait for one.
  const main = page.locator('main')
  for (let back = 0; back < 6; back++) {
    const next = (await summary.count()) ? await summary.getAttribute('aria-label') : null
    if (next === 'What if… next: Device registration') break
    const cursor = Number(await main.getAttribute('data-cursor'))
    await page.keyboard.press('ArrowLeft')
    await page.locator(`main[data-cursor="${cursor - 1}"]`).waitFor()
  }
  expect(await summary.getAttribute('aria-label')).toBe('What if… next: Device registration')
  await summary.click()
  await page
    .getByRole('group', { name: 'What if' })
    .getByRole('button', { name: /^drs\.join:quota / })
    .click()
  // No prompt waits: the user name, password and terms answers are given again as before.
  await page.locator('main[data-status="DEVICE_QUOTA_EXCEEDED"]').waitFor({ timeout: 60_000 })
  const panel = page.getByRole('region', { name: 'Device panel' })
  await panel.getByLabel('dsregcmd /status output').waitFor()
  expect(await panel.textContent()).toContain('0x801c000e DSREG_E_DEVICE_REGISTRATION_QUOTA_EXCCEEDED')
  await page.getByRole('group', { name: 'Compare runs' }).getByRole('button', { name: 'Original' }).click()
  await page.keyboard.press('End')
  await page.locator('main[data-status="registered"]').waitFor()
})
