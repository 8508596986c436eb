import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { bigTrace } from '../../bench/big-trace.mts'
import type { Trace } from '../../src/trace/schema.ts'
import { useBrowser } from './browser.ts'
import { openTraceAtInstant } from './tracer-page.ts'

const browser = useBrowser()

/** Where the cursor's row is against the sequence panel's visible box, and what it says. */
function cursorRow(page: Page) {
  return page.locator('.sequence-body').evaluate((body) => {
    const fresh = body.querySelector<HTMLElement>('.fresh')
    const box = body.getBoundingClientRect()
    const row = fresh?.getBoundingClientRect()
    const first = body.querySelector('.step-block')?.getBoundingClientRect()
    return {
      inView: Boolean(row && row.top >= box.top - 1 && row.bottom <= box.bottom + 1),
      // No room left for the blocks not drawn shows above the first one drawn.
      covered: Boolean(first && first.top <= box.top + 1),
      text: fresh?.closest('.step-block')?.querySelector('.step-note')?.textContent ?? '',
      drawn: body.querySelectorAll('.step-block').length,
    }
  })
}

const press = async (page: Page, key: string, times = 1) => {
  for (let time = 0; time < times; time++) await page.keyboard.press(key)
}

it('keeps the cursor’s row on screen in a long sequence, drawing only the blocks in view', async () => {
  const text = bigTrace(200)
  const trace = JSON.parse(text) as Trace
  const page = await browser.page()
  await openTraceAtInstant(page, 'long.trace.json', text)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const last = trace.steps.at(-1)!
  const first = trace.steps[0]!

  // At the end: the last step's row is in sight, and far fewer blocks than steps are drawn.
  let row = await cursorRow(page)
  expect(row.inView).toBe(true)
  expect(row.text).toContain(last.title)
  expect(row.drawn).toBeGreaterThan(3)
  expect(row.drawn).toBeLessThan(trace.steps.length / 2)

  // Stepping back through several steps: the row follows, every time.
  for (let step = 0; step < 12; step++) {
    await press(page, 'ArrowLeft')
    expect(await cursorRow(page), `after ${step + 1} steps back`).toMatchObject({
      inView: true,
      covered: true,
    })
  }

  // Home, then End: the first frame, then a jump over hundreds of steps back to the last one.
  await press(page, 'Home')
  row = await cursorRow(page)
  expect(row).toMatchObject({ inView: true, drawn: 1 })
  expect(row.text).toContain(first.title)
  await press(page, 'End')
  await expect.poll(async () => (await cursorRow(page)).inView).toBe(true)
  expect((await cursorRow(page)).text).toContain(last.title)

  // Scrolled back to the top, the first steps are drawn there, in order, and their arrows open
  // their exchanges; a step of the cursor brings its row back into sight.
  const body = page.locator('.sequence-body')
  await body.evaluate((element) => element.scrollTo({ top: 0 }))
  const notes = page.locator('.sequence-rows .step-note')
  await expect.poll(async () => notes.first().textContent()).toContain(first.title)
  expect(await notes.nth(1).textContent()).toContain(trace.steps[1]!.title)
  const exchange = trace.steps.flatMap((step) => step.exchanges)[0]!
  await page.getByRole('button', { name: new RegExp(`^${exchange.id} request`) }).click()
  const inspector = page.getByRole('region', { name: 'Payload inspector' })
  await expect
    .poll(async () => inspector.locator('.exchange-view').getAttribute('data-exchange'))
    .toBe(exchange.id)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await press(page, 'ArrowLeft')
  await expect.poll(async () => (await cursorRow(page)).inView).toBe(true)

  // The scrollbar stays true to the whole run: the room of the blocks not drawn is kept.
  const scroll = await body.evaluate((element) => ({
    height: element.scrollHeight,
    view: element.clientHeight,
  }))
  expect(scroll.height).toBeGreaterThan(scroll.view * 10)
})

it('opens a long trace with the view’s blocks first, then the margin, none of them drawn twice', async () => {
  const trace = JSON.parse(bigTrace(200)) as Trace
  const page = await browser.page()
  // The blocks of the sequence view's first drawing, as a mutation observer sees them.
  await page.evaluate(() => {
    const seen = window as unknown as { firstBlocks?: Element[] }
    new MutationObserver((_, observer) => {
      const blocks = [...document.querySelectorAll('.sequence-rows > li')]
      if (blocks.length === 0) return
      seen.firstBlocks = blocks
      observer.disconnect()
    }).observe(document.body, { childList: true, subtree: true })
  })
  await openTraceAtInstant(page, 'long.trace.json', JSON.stringify(trace))
  const body = page.locator('.sequence-body')
  // The margin above the view comes after: more blocks, reaching well above the view.
  await expect
    .poll(() =>
      body.evaluate((element) => {
        const first = element.querySelector('.sequence-rows > li')
        return first
          ? element.scrollTop -
              (first.getBoundingClientRect().top - element.getBoundingClientRect().top + element.scrollTop)
          : 0
      }),
    )
    .toBeGreaterThan(300)
  const drawn = await page.evaluate(() => {
    const first = (window as unknown as { firstBlocks: Element[] }).firstBlocks
    return {
      first: first.length,
      now: document.querySelectorAll('.sequence-rows > li').length,
      // The first drawing's blocks are the same elements now: not taken down and drawn again.
      kept: first.every((block) => block.isConnected),
    }
  })
  expect(drawn.first).toBeGreaterThan(3)
  expect(drawn.now).toBeGreaterThan(drawn.first)
  expect(drawn.kept).toBe(true)
  const row = await cursorRow(page)
  expect(row).toMatchObject({ inView: true })
  expect(row.text).toContain(trace.steps.at(-1)!.title)
})

it('steps back from the end of a long trace without moving the rows it has drawn', async () => {
  const page = await browser.page()
  await openTraceAtInstant(page, 'long.trace.json', bigTrace(2000))
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  // Each drawn row's place inside the scrolled panel, kept by element across the steps.
  const moved = () =>
    page.locator('.sequence-body').evaluate((body) => {
      const seen = window as unknown as { rowTops?: WeakMap<Element, number> }
      const tops = (seen.rowTops ??= new WeakMap())
      const origin = body.getBoundingClientRect().top - body.scrollTop
      const moves: number[] = []
      for (const row of body.querySelectorAll('.sequence-rows > li')) {
        const top = row.getBoundingClientRect().top - origin
        const before = tops.get(row)
        if (before !== undefined && Math.abs(top - before) > 1) moves.push(Math.round(top - before))
        tops.set(row, top)
      }
      return moves
    })
  expect(await moved()).toEqual([])
  for (let step = 1; step <= 8; step++) {
    await press(page, 'ArrowLeft')
    expect(await moved(), `rows moved at step ${step} back`).toEqual([])
  }
})
