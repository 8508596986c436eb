import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { findStory } from '../../src/stories/catalogue.ts'
import { useBrowser } from './browser.ts'
import { answerUntilEnd, startStory } from './tracer-page.ts'

const browser = useBrowser()
const SCREENS = process.env.DJT_SCREENS

/** Saves a screenshot under test-artifacts, and into DJT_SCREENS when set (the team's folder). */
async function shoot(page: Page, name: string): Promise<void> {
  await browser.screenshot(page, name)
  if (!SCREENS) return
  mkdirSync(SCREENS, { recursive: true })
  copyFileSync(join(process.cwd(), 'test-artifacts', `${name}.png`), join(SCREENS, `${name}.png`))
}

async function stageAtEnd(page: Page, storyId: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/story/${storyId}?frame=9999`)
  await page.locator('main[data-at-end="true"]').waitFor()
  const view = page.getByRole('group', { name: 'View' })
  await view.getByRole('button', { name: 'stage', exact: false }).click()
  await page.locator('.workspace-stage').waitFor()
}

const phaseStatus = (page: Page, where: string, letter: string) =>
  page.locator(`${where}[data-phase="${letter}"]`).getAttribute('data-status')

describe('the phases after the join', () => {
  it('replays the federated story past the join: J and K on the timeline and the stage, done', async () => {
    expect(findStory('aadj-federated-after-join')?.afterJoin).toBe(true)
    for (const size of [
      { width: 1280, height: 720 },
      { width: 390, height: 844 },
    ]) {
      const page = await browser.page('#/')
      await page.setViewportSize(size)
      await stageAtEnd(page, 'aadj-federated-after-join')
      const letters = await page
        .locator('.phases li')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.phase))
      expect(letters).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'])
      for (const letter of ['J', 'K']) {
        await expect(phaseStatus(page, '.phases li', letter)).resolves.toBe('done')
        await expect(phaseStatus(page, '.stage-phase', letter)).resolves.toBe('done')
      }
      await expect(
        page.locator('.stage-phase[data-phase="J"] .stage-letter').getAttribute('aria-label'),
      ).resolves.toContain('First sign-in')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      await shoot(page, `afterjoin-stage-${size.width}`)
      // Back to the PRT request, its message travelling on J's arrow: the view a trainer narrates.
      await page.locator('h1').click()
      for (let press = 0; press < 12; press++) {
        if (await page.locator('.stage-phase[data-phase="J"][data-status="current"]').count()) break
        await page.keyboard.press('ArrowLeft')
      }
      await page.locator('.stage-phase[data-phase="J"][data-status="current"]').waitFor()
      if (SCREENS) await page.screenshot({ path: join(SCREENS, `afterjoin-stage-prt-${size.width}.png`) })
      await page.close()
    }
  }, 120_000)

  it('runs a managed join past it from the picker: the key service refuses a password-only sign-in at J', async () => {
    const page = await browser.page('#/')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.locator('main[data-status="idle"]').waitFor()
    const option = page.getByRole('checkbox', { name: /After the join/ })
    // A hybrid flow has no phases after the join: the option cannot be turned on.
    await page.locator('input[name="scenario"][value="haadj-managed"]').check()
    await expect(option.isDisabled()).resolves.toBe(true)
    await page.locator('input[name="scenario"][value="aadj-managed"]').check()
    await expect(option.isChecked()).resolves.toBe(false)
    await option.check()
    await startStory(page)
    await answerUntilEnd(page, 90_000)
    await expect(phaseStatus(page, '.phases li', 'I')).resolves.toBe('done')
    await expect(phaseStatus(page, '.phases li', 'J')).resolves.toBe('failed')
    const body = await page.locator('main').textContent()
    expect(body).toContain('TOKEN_REJECTED')
    expect(body).toMatch(/amr \(pwd\)/)
    await page
      .getByRole('group', { name: 'View' })
      .getByRole('button', { name: 'stage', exact: false })
      .click()
    await page.locator('.workspace-stage').waitFor()
    await shoot(page, 'afterjoin-live-refused-1280')
    await page.close()
  }, 150_000)
})
