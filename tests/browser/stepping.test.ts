import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { bigTrace } from '../../bench/big-trace.mts'
import { useBrowser } from './browser.ts'
import { openTraceAtInstant } from './tracer-page.ts'

const browser = useBrowser()

/**
 * Steps with → once per animation frame, as a key held down does, and then watches a few more
 * frames: for each frame, the exchange at the cursor (the sequence's fresh arrow) and the one the
 * inspector shows, read as the frame begins.
 */
function stepEachFrame(page: Page, steps: number, after: number) {
  return page.evaluate(
    ({ steps, after }) =>
      new Promise<Array<{ stepping: boolean; cursor?: string; inspector?: string }>>((done) => {
        const seen: Array<{ stepping: boolean; cursor?: string; inspector?: string }> = []
        let frame = 0
        const tick = () => {
          const cursor = document.querySelector('.sequence-body .fresh')?.getAttribute('data-exchange')
          const inspector = document.querySelector('.inspector .exchange-view')?.getAttribute('data-exchange')
          seen.push({
            stepping: frame <= steps,
            cursor: cursor ?? undefined,
            inspector: inspector ?? undefined,
          })
          if (frame < steps)
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
          if (frame++ === steps + after) return done(seen)
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      }),
    { steps, after },
  )
}

it('lets the inspector rest while → steps every frame, and catches up within two frames of the last step', async () => {
  const page = await browser.page()
  await openTraceAtInstant(page, 'long.trace.json', bigTrace(200))
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  // The inspector's views load the first time it has an exchange to show: at the run's end.
  await page.locator('.inspector .exchange-view').waitFor()
  await page.keyboard.press('Home')
  // Move onto the first exchanges, one press at a time as a trainer would: each is in the inspector
  // within a frame or two (two frames of rest, then drawn in the second).
  for (let press = 0; press < 4; press++) {
    await page.keyboard.press('ArrowRight')
    const [frame] = await stepEachFrame(page, 0, 3).then((seen) => seen.slice(-1))
    const cursor = await page.locator('.sequence-body .fresh').getAttribute('data-exchange')
    if (cursor) expect(frame!.inspector).toBe(cursor)
  }
  const before = await page.locator('.inspector .exchange-view').getAttribute('data-exchange')
  expect(before).toBeTruthy()

  const seen = await stepEachFrame(page, 30, 4)
  // While a step comes every frame, the cursor's own views move and the inspector stays put.
  const during = seen.filter((frame) => frame.stepping)
  expect(new Set(during.map((frame) => frame.cursor)).size).toBeGreaterThan(10)
  expect(during.every((frame) => frame.inspector === before)).toBe(true)
  // Two frames after the last step, the inspector shows the exchange at the cursor.
  const last = seen.at(-1)!
  const rested = seen.findIndex((frame) => !frame.stepping && frame.inspector === last.cursor)
  expect(last.inspector).toBe(last.cursor)
  expect(rested - during.length).toBeLessThanOrEqual(2)
})

it('keeps the panels below the narration still while → steps every frame, and lets the narration settle at rest', async () => {
  const page = await browser.page()
  await openTraceAtInstant(page, 'long.trace.json', bigTrace(200))
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('Home')
  const seen = await page.evaluate(
    (steps) =>
      new Promise<Array<{ workspace: number; narration: number; text: number }>>((done) => {
        const seen: Array<{ workspace: number; narration: number; text: number }> = []
        const tick = () => {
          const narration = document.querySelector('.narration')!
          const title = narration.querySelector('h2')!.getBoundingClientRect()
          const text = narration.querySelector('p')!.getBoundingClientRect()
          seen.push({
            workspace: document.querySelector('.workspace')!.getBoundingClientRect().top,
            narration: narration.getBoundingClientRect().height,
            text: text.bottom - title.top,
          })
          if (seen.length > steps) return done(seen)
          window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      }),
    60,
  )
  // The narration's text changes length on the way (shorter than the room it is given, at times),
  // yet the workspace below never moves up: a shorter narration leaves the room a longer one took.
  expect(seen.some((frame) => frame.text < frame.narration - 4)).toBe(true)
  seen
    .slice(1)
    .forEach((frame, index) => expect(frame.workspace).toBeGreaterThanOrEqual(seen[index]!.workspace))
  // At rest it takes its own height again.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const narration = document.querySelector<HTMLElement>('.narration')!
        const title = narration.querySelector('h2')!.getBoundingClientRect()
        const text = narration.querySelector('p')!.getBoundingClientRect()
        return Math.round(narration.getBoundingClientRect().height - (text.bottom - title.top))
      }),
    )
    .toBe(0)
})
