import { expect, it } from 'vitest'
import { useBrowser } from './browser.ts'

const browser = useBrowser()

// Started on demand, the decoder's worker compiled its libraries in the first frames after a trace
// was opened (the inspector shows the run's last exchange), while the page drew the first steps.
it('starts the inspector’s decoder worker while it warms up, before any exchange is shown', async () => {
  const page = await browser.page()
  await page.locator('main[data-status="idle"]').waitFor()
  await page.waitForFunction(() => performance.getEntriesByName('djt:warm').length > 0, undefined, {
    timeout: 60_000,
  })
  expect(await page.locator('.inspector .exchange-view').count()).toBe(0)
  expect(page.workers().map((worker) => worker.url())).toContainEqual(
    expect.stringContaining('decoder.worker'),
  )
  await page.close()
})
