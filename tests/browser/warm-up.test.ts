import { expect, it } from 'vitest'
import { bigTrace } from '../../bench/big-trace.mts'
import { useBrowser } from './browser.ts'
import { openTraceAtInstant } from './tracer-page.ts'

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

// Through React's `lazy` the inspector suspended on its first exchange even with its module loaded,
// and drew it again at a priority each step of the cursor interrupted: the exchange (and its
// decoded payloads) waited for the cursor to stop.
it('opens the first exchange in the inspector without a loading placeholder once the page is warm', async () => {
  const page = await browser.page()
  await page.waitForFunction(() => performance.getEntriesByName('djt:warm').length > 0, undefined, {
    timeout: 60_000,
  })
  await page.evaluate(() => {
    const seen = window as unknown as { placeholder?: boolean }
    seen.placeholder = false
    new MutationObserver(() => {
      if (document.querySelector('.inspector')?.textContent?.includes('Opening the inspector'))
        seen.placeholder = true
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
  await openTraceAtInstant(page, 'long.trace.json', bigTrace(200))
  await page.locator('.inspector .exchange-view').waitFor()
  expect(await page.evaluate(() => (window as unknown as { placeholder: boolean }).placeholder)).toBe(false)
  await page.close()
})
