import { expect, it } from 'vitest'
import { bigTrace } from '../../bench/big-trace.mts'
import type { Trace } from '../../src/trace/schema.ts'
import { formatMs } from '../../src/ui/times.ts'
import { useBrowser } from './browser.ts'
import { openTraceAtInstant } from './tracer-page.ts'

const browser = useBrowser()

it('keeps a 200-exchange log whole to the user: every row reached by scrolling, filters over all of them', async () => {
  const text = bigTrace(200)
  const trace = JSON.parse(text) as Trace
  const exchanges = trace.steps.flatMap((step) => step.exchanges)
  const page = await browser.page()
  await openTraceAtInstant(page, 'long.trace.json', text)
  const log = page.getByRole('region', { name: 'Network log' })
  const rows = log.locator('tbody tr:not([data-spacer])')
  expect(await log.locator('.network-count').textContent()).toBe('200 of 200')
  // Below the first screen the log draws no row, only the room they take (the scrollbar stays
  // true); scrolled into view, the rows are there.
  const scroller = log.locator('.network-scroll')
  expect(await rows.count()).toBe(0)
  expect(await scroller.evaluate((element) => element.scrollHeight)).toBeGreaterThan(200 * 15)
  await log.scrollIntoViewIfNeeded()
  await expect.poll(() => rows.count()).toBeGreaterThan(0)
  // Only the rows in view and a margin are drawn; the first is the run's first exchange.
  const drawn = await rows.count()
  expect(drawn).toBeGreaterThan(10)
  expect(drawn).toBeLessThan(200)
  const startColumn = (await log.locator('thead th').allTextContents()).indexOf('Start')
  const startOf = async (row: number) => (await rows.nth(row).locator('td').allTextContents())[startColumn]
  expect(await startOf(0)).toBe(formatMs(exchanges[0]!.at))

  // Scrolled to the bottom, the last exchange is there and opens in the inspector.
  await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
  await expect.poll(async () => startOf((await rows.count()) - 1)).toBe(formatMs(exchanges.at(-1)!.at))
  // The column headings stay at the top of the scrolled log.
  const [box, heading] = await Promise.all([
    scroller.boundingBox(),
    log.getByRole('columnheader', { name: 'Start' }).boundingBox(),
  ])
  expect(Math.abs(heading!.y - box!.y)).toBeLessThan(2)
  await rows.last().getByRole('button').click()
  const time = page.getByRole('region', { name: 'Payload inspector' }).locator('.exchange-time')
  expect(await time.textContent()).toContain(`took ${formatMs(exchanges.at(-1)!.duration)}`)

  // A filter works over every row, drawn or not: the failed ones all come back.
  const failed = exchanges.filter((exchange) => exchange.response.status >= 400).length
  await log.getByLabel('Status').selectOption('failed')
  expect(await log.locator('.network-count').textContent()).toBe(`${failed} of 200`)
  expect(await rows.count()).toBe(failed)
  await log.getByLabel('Status').selectOption('all')

  await browser.screens(page, 'network-long', async () => {
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }))
    await log.scrollIntoViewIfNeeded()
  })
})

it('holds a long log out of view while the cursor steps, and brings it up to the cursor as it is scrolled to', async () => {
  const page = await browser.page()
  await openTraceAtInstant(page, 'long.trace.json', bigTrace(200))
  const log = page.getByRole('region', { name: 'Network log' })
  // The page as it rests at the end: the inspector (which follows once the cursor rests) shows the
  // last exchange. Until then the page is shorter, and the log can be within reach of the view.
  await page.locator('.inspector .exchange-view').waitFor()
  const frames = Number(await page.locator('main').getAttribute('data-frames'))
  const count = log.locator('.network-count')
  const caughtUp = async () => {
    await log.scrollIntoViewIfNeeded()
    await expect.poll(() => count.textContent()).not.toBe('200 of 200')
    const [shown, of] = (await count.textContent())!.split(' of ').map(Number)
    expect(shown).toBe(of)
    expect(of).toBeLessThan(200)
  }
  // Three steps back from the end, the log below the first screen all along: it held the run as it
  // last drew it (no step of the cursor reached it), and catches up once scrolled to.
  for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowLeft')
  await page.locator(`main[data-cursor="${frames - 4}"]`).waitFor()
  expect(await count.textContent()).toBe('200 of 200')
  await caughtUp()
  // Back to the end out of view, then to the start and three frames on: there the page is short
  // enough for the log to come into view, and it follows the cursor.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.keyboard.press('End')
  await page.keyboard.press('Home')
  for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight')
  await page.locator('main[data-cursor="3"]').waitFor()
  await caughtUp()
  // And back to the end, out of view again, then scrolled to: the whole run.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.keyboard.press('End')
  await page.locator(`main[data-cursor="${frames - 1}"]`).waitFor()
  await log.scrollIntoViewIfNeeded()
  await expect.poll(() => log.locator('.network-count').textContent()).toBe('200 of 200')
})
