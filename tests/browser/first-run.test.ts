import { expect, it } from 'vitest'
import { useBrowser } from './browser.ts'
import { answerUntilEnd, startStory } from './tracer-page.ts'

const browser = useBrowser()

it('runs aadj-managed to its end in the page at normal speed against the service worker', async () => {
  const page = await browser.page()
  await startStory(page, { speed: 'normal' })
  expect(await answerUntilEnd(page)).toBe('registered')
  const statuses = await page
    .locator('.phases li')
    .evaluateAll((items) =>
      items.map((item) => `${item.getAttribute('data-phase')}:${item.getAttribute('data-status')}`),
    )
  expect(statuses).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((phase) => `${phase}:done`))
  expect(await page.locator('.outcome').textContent()).toMatch(/^Registered: device [0-9a-f-]{36}$/)
  await browser.screenshot(page, 'first-run-registered')
})

it('takes over a page reloaded past its service worker (Ctrl+Shift+R) and runs there, with no second load', async () => {
  // Another page keeps the worker registered: MSW's worker unregisters itself with its last page.
  const other = await browser.page('#/')
  await other.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 })
  const page = await browser.page('#/')
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 })
  await page.addInitScript(() => {
    ;(window as { controlledAtStart?: boolean }).controlledAtStart =
      navigator.serviceWorker.controller !== null
  })
  let loads = 0
  page.on('load', () => loads++)
  // What Ctrl+Shift+R sends: a reload that bypasses the cache and the worker, so the page starts
  // uncontrolled beside an active worker, as a page whose navigation raced the worker's activation.
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Page.reload', { ignoreCache: true })
  await page.locator('main[data-status="idle"]').waitFor()
  expect(await page.evaluate(() => (window as { controlledAtStart?: boolean }).controlledAtStart)).toBe(false)
  await startStory(page)
  expect(await answerUntilEnd(page)).toBe('registered')
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  // MSW's own answer to such a page is to load it again, losing whatever was under way there.
  expect(loads).toBe(1)
  await other.close()
})

it('shows the whole first story of each flow and the sequence lanes on a 1280×720 first screen', async () => {
  const page = await browser.page()
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.locator('main[data-status="idle"]').waitFor()
  const story = page.getByLabel('Story')
  for (const card of await page.locator('.scenario-card').all()) {
    await card.click()
    const fit = await story.evaluate((select: HTMLSelectElement) => {
      const style = getComputedStyle(select)
      const context = document.createElement('canvas').getContext('2d')!
      context.font = style.font
      // Chromium draws the list's arrow inside its box, to the right of the text: about 20 px.
      const needed =
        context.measureText(select.selectedOptions[0]!.text).width +
        parseFloat(style.paddingLeft) +
        parseFloat(style.paddingRight) +
        20
      return { title: select.selectedOptions[0]!.text, needed, width: select.clientWidth }
    })
    expect(fit.needed, fit.title).toBeLessThanOrEqual(fit.width)
  }
  // The sequence view whole, its lanes and their first line, above the fold: where the run will show.
  const sequence = await page.locator('.sequence').boundingBox()
  expect(sequence!.y + sequence!.height).toBeLessThanOrEqual(720)
})

it('starts a live run at once in a page the browser gives no idle period, presenter mode on', async () => {
  // Chromium ran no idle callback for seconds in presenter mode under `npm start` until something
  // asked for a frame; the emulated services, loaded part by part in idle time, then kept Start
  // waiting 2 s a part. Here no idle period ever comes: the run must not wait for one.
  const page = await browser.page()
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0
  })
  await page.reload()
  await page.locator('main[data-status="idle"]').waitFor()
  await page.getByLabel('Speed').selectOption('instant')
  await page.keyboard.press('p')
  await page.locator('main.presenter').waitFor()
  await page.getByRole('button', { name: 'Start' }).click()
  expect(await answerUntilEnd(page)).toBe('registered')
})
