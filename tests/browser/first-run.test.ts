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
