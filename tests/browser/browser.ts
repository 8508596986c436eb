import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { CHROMIUM_LAUNCH } from '../support/chromium.ts'

const ARTIFACTS = join(process.cwd(), 'test-artifacts')

/** One fresh Chromium profile per test file; pages open on the dev server's address. */
export function useBrowser(): {
  page: (path?: string) => Promise<Page>
  screenshot: (page: Page, name: string) => Promise<void>
} {
  let context: BrowserContext | undefined
  let profile = ''
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'djt-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      ...CHROMIUM_LAUNCH,
      viewport: { width: 1280, height: 900 },
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
  }
}
