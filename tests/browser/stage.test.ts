import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SCENARIOS } from '../../machines/index.ts'
import { STORIES } from '../../src/stories/catalogue.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import { framesFromTrace } from '../../src/ui/session/trace-frames.ts'
import { SHORTCUTS } from '../../src/ui/controls/shortcuts.ts'
import { clearestSide, labelBoxes, SIDES, type Box, type Side } from '../../src/ui/stage/payload-place.ts'
import { useBrowser } from './browser.ts'
import { answered, answerUntilEnd, startStory } from './tracer-page.ts'

const browser = useBrowser()
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]

/** Each flow's first story, replayed from its recording. */
const FLOW_STORIES = SCENARIOS.map((scenario) => STORIES.find((story) => story.scenario === scenario.id)!)

/** A page on `hash` in a browser that remembers no display choices (tests share one profile). */
async function freshPage(hash: string): Promise<Page> {
  const page = await browser.page('#/')
  await page.evaluate(() => localStorage.clear())
  await page.goto(new URL(hash, page.url()).href)
  await page.reload()
  return page
}

/**
 * Opens a story's first frame by its link and waits for its own recording: the page names the new
 * story at once but shows the one before until the recording has come, at the cursor the link asks
 * for, so a cursor of 0 alone can be the old story's (keys pressed then step the old run).
 */
async function openAt(page: Page, storyId: string): Promise<number> {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${storyId}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  const frames = framesFromTrace(parsed.trace).length
  await page.evaluate((next) => (window.location.hash = next), `#/story/${storyId}?frame=1`)
  await page.locator(`main[data-cursor="0"][data-frames="${frames}"]`).waitFor()
  return frames
}

async function setDisplay(page: Page, presenter: boolean, view: 'stage' | 'sequence'): Promise<void> {
  if ((await page.locator('main.presenter').count()) !== Number(presenter)) await page.keyboard.press('p')
  await page.locator(presenter ? 'main.presenter' : 'main:not(.presenter)').waitFor()
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: view, exact: false }).click()
  await page.locator(`.workspace-${view}`).waitFor()
  await page.locator('h1').click() // focus on the page, not on a control
}

/**
 * Presses `key` `count` times inside the page (one round trip, not one per frame: CPU is scarce)
 * and after each press checks that every element marking the cursor, and every element `also`
 * selects, lies wholly in the window; and that on the stage each service's name lies in its box
 * and the current phase's label on the stage. Returns what was out of place, frame by frame.
 */
async function walk(
  page: Page,
  key: 'ArrowRight' | 'ArrowLeft',
  count: number,
  also: string[] = [],
): Promise<string[]> {
  return page.evaluate(
    async ({ key, count, also }) => {
      const painted = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
      const problems: string[] = []
      for (let press = 0; press < count; press++) {
        window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
        await painted()
        const frame = Number(document.querySelector('main')!.dataset.cursor) + 1
        const marked = [...document.querySelectorAll<HTMLElement>('[data-at-cursor="true"]')]
        if (marked.length === 0) problems.push(`frame ${frame}: nothing marks the cursor`)
        const others = also.flatMap((selector) => [...document.querySelectorAll<HTMLElement>(selector)])
        for (const element of [...marked, ...others]) {
          const box = element.getBoundingClientRect()
          const inside =
            box.top >= -1 &&
            box.left >= -1 &&
            box.bottom <= window.innerHeight + 1 &&
            box.right <= window.innerWidth + 1
          if (!inside)
            problems.push(
              `frame ${frame}: ${element.className} at y ${Math.round(box.top)}..${Math.round(box.bottom)}`,
            )
        }
        // Each service's name inside its box (the names are text laid over the drawing's boxes, in
        // order): at 1280×720 in presenter mode a drawing fitted under a three-line narration was
        // too small for "On-premises" on one line at 20px, and the name took three lines in a box of two.
        const boxes = [...document.querySelectorAll('.stage-box')].map((box) => box.getBoundingClientRect())
        for (const [index, name] of document.querySelectorAll('.stage-actor').entries()) {
          const text = name.getBoundingClientRect()
          const box = boxes[index]!
          if (
            text.top < box.top - 1 ||
            text.bottom > box.bottom + 1 ||
            text.left < box.left - 1 ||
            text.right > box.right + 1
          )
            problems.push(`frame ${frame}: "${name.textContent}" runs out of its box`)
        }
        // The current phase's label stays on the stage, not over its border or the page beside it.
        for (const label of document.querySelectorAll('[data-at-cursor="true"] .stage-payload')) {
          const box = label.getBoundingClientRect()
          const stage = label.closest('.stage')!.getBoundingClientRect()
          if (box.left < stage.left || box.right > stage.right)
            problems.push(
              `frame ${frame}: label "${label.textContent}" at x ${Math.round(box.left)}..${Math.round(box.right)}, stage ${Math.round(stage.left)}..${Math.round(stage.right)}`,
            )
        }
      }
      return problems
    },
    { key, count, also },
  )
}

/** Every visible piece of text in the page whose font is under `min` pixels. */
async function smallText(page: Page, min: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const small = new Set<string>()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || !node.textContent?.trim() || parent.closest('svg')) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      if (range.getClientRects().length === 0) continue
      const size = parseFloat(getComputedStyle(parent).fontSize)
      if (size < limit)
        small.add(`${parent.tagName}.${parent.className} ${size}px "${node.textContent.trim().slice(0, 30)}"`)
    }
    return [...small]
  }, min)
}

describe('a presentation: the step being told is always on screen', () => {
  for (const size of SIZES)
    it(`every frame of every flow in view at ${size.width}×${size.height}, presenter off and on, stage and sequence`, async () => {
      const page = await freshPage('#/')
      await page.setViewportSize(size)
      await page.locator('main[data-status="idle"]').waitFor()
      const problems: string[] = []
      // Presenter mode with the sequence (the view that used to lose its current row) at the
      // projector's size only: CPU is scarce.
      const modes = [
        [false, 'sequence'],
        [true, 'stage'],
        ...(size.width === 1280 ? [[true, 'sequence'] as const] : []),
      ] as const
      for (const [presenter, view] of modes) {
        for (const story of FLOW_STORIES) {
          const frames = await openAt(page, story.id)
          await setDisplay(page, presenter, view)
          const where = `${story.id} ${presenter ? 'presenter' : 'normal'} ${view}`
          // A trainer reads the narration out while the audience follows the exchange: both on screen.
          const also = presenter ? ['.narration'] : []
          for (const problem of await walk(page, 'ArrowRight', frames - 1, also))
            problems.push(`${where} ${problem}`)
          await page.locator(`main[data-cursor="${frames - 1}"]`).waitFor()
          for (const problem of await walk(page, 'ArrowLeft', frames - 1, also))
            problems.push(`${where} ${problem}`)
          await page.locator('main[data-cursor="0"]').waitFor()
          if (presenter && view === 'stage' && story.scenario === 'haadj-managed')
            await browser.screenshot(page, `stage-${size.width}-${story.id}-end`)
        }
      }
      expect(problems).toEqual([])
      await page.close()
    })

  it('starts presenter mode at the top of the page, the narration and the stage in view at 1280×720', async () => {
    const page = await freshPage('#/story/aadj-federated-happy?frame=13&presenter=0')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.locator('main[data-cursor="12"]').waitFor()
    // Scrolled down, as the sequence view leaves the page when it follows the cursor to a late step.
    await page.evaluate(() => window.scrollTo(0, 400))
    await page.keyboard.press('p')
    await page.locator('main.presenter').waitFor()
    const inView = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => {
          const box = element.getBoundingClientRect()
          return box.top >= 0 && box.bottom <= window.innerHeight
        })
    await expect.poll(() => inView('.narration')).toBe(true)
    expect(await inView('.stage')).toBe(true)
    await page.close()
  })

  it('has no text under 20px in presenter mode, at both sizes, mid-flow and at the end', async () => {
    const page = await freshPage('#/story/aadj-federated-wrong-password?frame=10&presenter=1')
    await page.locator('main.presenter[data-cursor="9"]').waitFor()
    for (const size of SIZES) {
      await page.setViewportSize(size)
      expect(await smallText(page, 20), `${size.width} mid-flow`).toEqual([])
      await page.keyboard.press('End')
      await page.locator('main[data-at-end="true"]').waitFor()
      await page
        .getByRole('button', { name: /request, / })
        .first()
        .click()
        .catch(() => undefined)
      expect(await smallText(page, 20), `${size.width} at the end`).toEqual([])
      await page.keyboard.press('s')
      await page.locator('.workspace-sequence').waitFor()
      await page
        .getByRole('button', { name: /request, / })
        .last()
        .click()
      await page.getByRole('region', { name: 'Payload inspector' }).getByText('Request').first().waitFor()
      expect(await smallText(page, 20), `${size.width} sequence and inspector`).toEqual([])
      await page.keyboard.press('?')
      expect(await smallText(page, 20), `${size.width} help`).toEqual([])
      await page.keyboard.press('Escape')
      await page.keyboard.press('s')
      await page.keyboard.press('Home')
    }
    await page.keyboard.press('p')
    await page.close()
  })
})

/** What the browser drew for the current phase's label on each side, and the side the page chose. */
interface LabelSeen {
  frame: number
  chosen: Side
  letter: Box
  em: number
  drawn: Record<Side, Box>
  obstacles: Box[]
  stage: Box
}

describe("the current phase's label", () => {
  it('sits on the side that covers the least, worked out from one measurement as the browser draws each side', async () => {
    const page = await freshPage('#/')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.locator('main[data-status="idle"]').waitFor()
    const seen: LabelSeen[] = []
    for (const story of FLOW_STORIES) {
      const frames = await openAt(page, story.id)
      await setDisplay(page, false, 'stage')
      seen.push(
        ...(await page.evaluate(async (count) => {
          const painted = () =>
            new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
          const box = (element: Element) => {
            const { left, top, right, bottom } = element.getBoundingClientRect()
            return { left, top, right, bottom }
          }
          const labels: LabelSeen[] = []
          for (let press = 0; press < count; press++) {
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
            await painted()
            const root = document.querySelector('.stage-canvas')!
            for (const mark of root.querySelectorAll<HTMLElement>('.stage-phase[data-at-cursor="true"]')) {
              const label = mark.querySelector('.stage-payload')!
              const chosen = (mark.dataset.side ?? 'right') as Side
              // The side is chosen at the label's natural width, before any narrowing to its room.
              const room = mark.style.getPropertyValue('--payload-room')
              mark.style.removeProperty('--payload-room')
              const drawn = {} as Record<Side, Box>
              for (const side of ['right', 'left', 'below', 'above'] as const) {
                mark.dataset.side = side
                drawn[side] = box(label)
              }
              mark.dataset.side = chosen
              if (room) mark.style.setProperty('--payload-room', room)
              labels.push({
                frame: Number(document.querySelector('main')!.dataset.cursor),
                chosen,
                letter: box(mark),
                em: parseFloat(getComputedStyle(label).fontSize),
                drawn,
                obstacles: [...root.querySelectorAll('.stage-box, .stage-phase')]
                  .filter((other) => other !== mark)
                  .map(box),
                stage: box(root.parentElement!),
              })
            }
          }
          return labels
        }, frames - 1)),
      )
    }
    expect(seen.length).toBeGreaterThan(20)
    for (const label of seen) {
      const { width, height } = {
        width: label.drawn.right.right - label.drawn.right.left,
        height: label.drawn.right.bottom - label.drawn.right.top,
      }
      const worked = labelBoxes(label.letter, { width, height }, label.em)
      for (const side of SIDES)
        for (const edge of ['left', 'top', 'right', 'bottom'] as const)
          expect(worked[side][edge], `frame ${label.frame} ${side} ${edge}`).toBeCloseTo(
            label.drawn[side][edge],
            0,
          )
      // The side chosen is the clearest as the browser drew the four.
      expect(label.chosen, `frame ${label.frame}`).toBe(
        clearestSide(label.drawn, label.obstacles, label.stage),
      )
    }
    // Not every label fits on the right: the choice is made, not assumed.
    expect(new Set(seen.map((label) => label.chosen)).size).toBeGreaterThan(1)
    await page.close()
  })
})

describe('the keyboard', () => {
  it('pauses with Space after Start, wherever focus is but a text field, and never restarts', async () => {
    const page = await freshPage('#/')
    await startStory(page, { speed: 'slow' })
    // Focus went from Start to Pause: Space there pauses.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('❚❚ Pause')
    await page.locator('main:not([data-cursor="-1"])').waitFor()
    await page.keyboard.press(' ')
    await page.getByRole('button', { name: '▶ Play' }).waitFor()
    const cursor = await page.locator('main').getAttribute('data-cursor')
    // Even with Start itself focused, Space plays and pauses this run rather than starting another.
    await page.getByRole('button', { name: 'Restart' }).focus()
    await page.keyboard.press(' ')
    await page.getByRole('button', { name: '❚❚ Pause' }).waitFor()
    await page.keyboard.press(' ')
    await page.getByRole('button', { name: '▶ Play' }).waitFor()
    expect(Number(await page.locator('main').getAttribute('data-cursor'))).toBeGreaterThanOrEqual(
      Number(cursor),
    )
    expect(await page.locator('main').getAttribute('data-status')).toBe('running')
    await page.close()
  })

  it('does what the ? overlay lists, and the overlay lists every shortcut', async () => {
    const page = await freshPage('#/story/aadj-managed-happy?frame=5&presenter=0')
    await page.locator('main[data-cursor="4"]').waitFor()
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    const listed = await help.locator('kbd').allTextContents()
    expect(listed).toEqual(expect.arrayContaining(SHORTCUTS.map((shortcut) => shortcut.label)))
    await page.keyboard.press(' ') // inside the dialog Space belongs to its button, not to playback
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
    const frames = Number(await page.locator('main').getAttribute('data-frames'))
    const expectations: Array<[string, string]> = [
      ['ArrowRight', 'main[data-cursor="5"]'],
      ['ArrowLeft', 'main[data-cursor="4"]'],
      ['End', `main[data-cursor="${frames - 1}"]`],
      ['Home', 'main[data-cursor="0"]'],
      ['s', '.workspace-stage'],
      ['s', '.workspace-sequence'],
      ['p', 'main.presenter'],
      ['p', 'main:not(.presenter)'],
      ['?', '[role="dialog"]'],
      ['?', 'main:not(:has([role="dialog"]))'],
    ]
    for (const [key, shows] of expectations) {
      await page.keyboard.press(key)
      await page.locator(shows).first().waitFor({ state: 'attached', timeout: 5000 })
    }
    await page.keyboard.press(' ')
    await page.getByRole('button', { name: '❚❚ Pause' }).waitFor()
    await page.keyboard.press(' ')
    await page.getByRole('button', { name: '▶ Play' }).waitFor()
    await page.close()
  })
})

describe('links and remembered choices', () => {
  it('reopens the same frame, presenter mode and theme from a copied link in a fresh page', async () => {
    const page = await freshPage('#/story/aadj-federated-mfa?frame=6')
    await page.locator('main[data-cursor="5"]').waitFor()
    await page.getByLabel('Theme').selectOption('dark')
    await page.getByRole('button', { name: 'Presenter mode' }).click()
    await page.locator('h1').click()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.locator('main.presenter[data-cursor="7"]').waitFor()
    const link = page.url()
    expect(link).toMatch(/#\/story\/aadj-federated-mfa\?frame=8&presenter=1&theme=dark$/)
    // A fresh page in a browser that remembers nothing: everything comes from the link.
    await page.evaluate(() => localStorage.clear())
    await page.close()
    const fresh = await browser.page(new URL(link).hash)
    await fresh.locator('main.presenter[data-cursor="7"]').waitFor()
    expect(await fresh.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    expect(await fresh.locator('.workspace-stage').count()).toBe(1)
    // Old links counted steps: they still open, at that step's last frame.
    await fresh.evaluate(() => (window.location.hash = '#/story/aadj-federated-mfa?step=2'))
    await fresh.locator('main[data-cursor]:not([data-cursor="7"])').waitFor()
    expect(fresh.url()).toMatch(/frame=\d+&presenter=1&theme=dark$/)
    // The choices also survive a reload without the link's say.
    await fresh.evaluate(() => (window.location.hash = '#/'))
    await fresh.reload()
    await fresh.locator('main.presenter').waitFor()
    expect(await fresh.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await fresh.keyboard.press('p')
    await fresh.locator('main:not(.presenter)').waitFor()
    await fresh.evaluate(() => localStorage.clear())
    await fresh.close()
  })

  it('ignores stored choices it cannot read', async () => {
    const page = await browser.page('#/')
    await page.evaluate(() =>
      localStorage.setItem('device-join-tracer.display', '{"theme":"<b>","presenter":"yes"'),
    )
    await page.reload()
    await page.locator('main:not(.presenter)[data-status="idle"]').waitFor()
    await page.evaluate(() =>
      localStorage.setItem('device-join-tracer.display', '{"theme":"neon","presenter":true}'),
    )
    await page.reload()
    await page.locator('main.presenter').waitFor()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined()
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })
})

describe('a phone', () => {
  it('has no horizontal scroll at 390px, and shows the run before the picker', async () => {
    const page = await freshPage('#/story/haadj-federated-happy?frame=12')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('main[data-cursor="11"]').waitFor()
    for (const view of ['sequence', 'stage']) {
      await page
        .getByRole('group', { name: 'View' })
        .getByRole('button', { name: view, exact: false })
        .click()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    }
    await page.locator('details.setup > summary').click()
    // Both measured in one moment: the page may still be scrolling the opened fold into view, and
    // two boundingBox() calls could read two scroll positions.
    const [timelineTop, pickerTop] = await page.evaluate(() =>
      ['.timeline', '.picker'].map(
        (selector) => document.querySelector(selector)!.getBoundingClientRect().top,
      ),
    )
    expect(timelineTop).toBeLessThan(pickerTop!)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await browser.screenshot(page, 'phone-390')
    await page.evaluate(() => (window.location.hash = '#/gallery'))
    await page.getByRole('heading', { name: /stor/i }).first().waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    // Nine phase letters (aadj-federated) are the widest timeline: it wraps rather than widens the page.
    await page.evaluate(() => (window.location.hash = '#/story/aadj-federated-happy?frame=8'))
    await page.locator('main[data-cursor="7"]').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.close()
  })

  it('fits every lane name in its lane in presenter mode at 390px', async () => {
    const page = await freshPage('#/story/haadj-federated-happy?frame=4&presenter=1')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('main.presenter[data-cursor="3"]').waitFor()
    await page.keyboard.press('s')
    await page.locator('.workspace-sequence').waitFor()
    // At the projector's 20 px, "Device" ran into "Azure AD" beside it.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.lane-head')]
        .filter((head) => head.scrollWidth > head.clientWidth)
        .map((head) => head.textContent),
    )
    expect(overflowing).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.close()
  })

  it("keeps every service's name inside its box on the stage at 390px, presenter off and on", async () => {
    const page = await freshPage('#/story/haadj-federated-happy?frame=6&presenter=0')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('main[data-cursor="5"]').waitFor()
    for (const presenter of [false, true]) {
      await setDisplay(page, presenter, 'stage')
      // The names are text laid over the drawing's boxes, in the same order; at the page's own
      // size "On-premises AD" took three lines in a box of two.
      const outside = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.stage-box')].map((box) => box.getBoundingClientRect())
        return [...document.querySelectorAll('.stage-actor')].flatMap((name, index) => {
          const text = name.getBoundingClientRect()
          const box = boxes[index]!
          const inside = text.top >= box.top - 1 && text.bottom <= box.bottom + 1
          return inside ? [] : [name.textContent]
        })
      })
      expect(outside, presenter ? 'presenter' : 'normal').toEqual([])
    }
    await page.close()
  })
})

describe('live failure stories behave like people', () => {
  it('a wrong-password loop ends in smart lockout, and a user with no answer left says so at the prompt', async () => {
    const page = await freshPage('#/')
    await startStory(page, { storyTitle: 'Wrong password until the account locks' })
    expect(await answerUntilEnd(page)).toBe('ACCOUNT_LOCKED')
    expect(await page.locator('.outcome').textContent()).toContain('AADSTS50053')
    // A live link starts the story at once (the address then names the frame, as any run's does).
    await page.evaluate(() => (window.location.hash = '#/story/aadj-managed-wrong-password?mode=live'))
    const prompt = page.getByRole('region', { name: 'The device is waiting for you' })
    for (const _answer of ['user name', 'the wrong password']) {
      await prompt.waitFor()
      await answered(page, () => prompt.locator('button.primary').first().click())
    }
    await prompt.getByText("The story's user gives up here").waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel')
    expect(await answerUntilEnd(page)).toBe('CREDENTIALS_REJECTED')
    await page.close()
  })
})
