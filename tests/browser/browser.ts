import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { CHROMIUM_LAUNCH } from '../support/chromium.ts'

const ARTIFACTS = join(process.cwd(), 'test-artifacts')
const DEFAULT_VIEWPORT = { width: 1280, height: 900 }
const SCREEN_SIZES = [
  ['1280', { width: 1280, height: 720 }],
  ['390', { width: 390, height: 844 }],
] as const

/** One fresh Chromium profile per test file; pages open on the dev server's address. */
export function useBrowser(): {
  page: (path?: string) => Promise<Page>
  screenshot: (page: Page, name: string) => Promise<void>
  screens: (page: Page, name: string, focus: () => Promise<void>) => Promise<void>
} {
  let context: BrowserContext | undefined
  let profile = ''
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'djt-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      ...CHROMIUM_LAUNCH,
      viewport: DEFAULT_VIEWPORT,
    })
  })
  afterAll(async () => {
    await context?.close()
    rmSync(profile, { recursive: true, force: true })
  })
  return {
    async page(path = '') {
      const page = await context!.newPage()
      await page.goto(new URL(path, inject('baseUrl')).href)
      return page
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
    },
    /** The same screen at a projector's 1280×720 and a phone's 390 px, for a person to look at. */
    async screens(page, name, focus) {
      mkdirSync(ARTIFACTS, { recursive: true })
      for (const [suffix, size] of SCREEN_SIZES) {
        await page.setViewportSize(size)
        await focus()
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${suffix}.png`) })
        // Nothing wider than the window: on a phone the page wraps rather than scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          size.width,
        )
      }
      await page.setViewportSize(DEFAULT_VIEWPORT)
    },
  }
}
