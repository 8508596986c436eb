import type { Page } from 'playwright-core'

export interface PlayOptions {
  scenarioId?: string
  storyTitle?: string
  speed?: 'slow' | 'normal' | 'fast' | 'instant'
  softwareKeys?: boolean
}

/** Chooses a scenario, story, key provider and speed in the page, then presses Start. */
export async function startStory(page: Page, options: PlayOptions = {}): Promise<void> {
  await page.locator('main[data-status="idle"]').waitFor()
  if (options.scenarioId) await page.locator(`input[name="scenario"][value="${options.scenarioId}"]`).check()
  if (options.storyTitle) await page.getByLabel('Story').selectOption({ label: options.storyTitle })
  if (options.softwareKeys) await page.getByRole('radio', { name: 'No TPM (software, node-forge)' }).check()
  await page.getByLabel('Speed').selectOption(options.speed ?? 'instant')
  await page.getByRole('button', { name: 'Start' }).click()
}

/** Answers every prompt with the story's prefilled demo answer until the page shows the run's end. */
export async function answerUntilEnd(page: Page, timeout = 60_000): Promise<string> {
  const prompt = page.getByRole('region', { name: 'The device is waiting for you' })
  const end = page.locator('main[data-at-end="true"]')
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    await Promise.race([prompt.waitFor({ timeout }), end.waitFor({ timeout })])
    if (await end.count()) return (await page.locator('main').getAttribute('data-status')) ?? ''
    await answered(page, () => prompt.locator('button.primary').first().click(), timeout)
  }
  throw new Error('the run did not end in time')
}

/**
 * Everything that depends on the cursor, serialised with sorted attributes (React may set them in
 * another order when it patches rather than creates): compared across step back and forward.
 */
export async function cursorScreen(page: Page): Promise<string> {
  // The slower panels follow once the cursor rests, and the inspector's decoded payloads come from
  // a worker a moment later: the screen is read once the inspector stays the same for three frames.
  const inspector = () => page.evaluate(() => document.querySelector('.inspector')?.innerHTML ?? '')
  for (let last = '', now = await inspector(); now !== last; last = now, now = await inspector())
    await framesLater(page, 3)
  return page.evaluate(() => {
    const serialise = (node: Node): string => {
      if (!(node instanceof Element)) return node.textContent ?? ''
      const attributes = [...node.attributes]
        .map((attribute) => `${attribute.name}="${attribute.value}"`)
        .sort()
        .join(' ')
      return `<${node.tagName} ${attributes}>${[...node.childNodes].map(serialise).join('')}</${node.tagName}>`
    }
    return ['.timeline', '.sequence-rows', '.device-panel', '.states', '.inspector']
      .map((selector) => serialise(document.querySelector(selector)!))
      .join('\n')
  })
}

/**
 * Resolves once `count` animation frames have begun after this call: the inspector, device panel
 * and state view follow the cursor two frames after it rests (src/ui/session/resting-view.ts).
 */
function framesLater(page: Page, count: number): Promise<void> {
  return page.evaluate(
    (frames) =>
      new Promise<void>((done) => {
        const tick = (left: number) => (left ? requestAnimationFrame(() => tick(left - 1)) : done())
        tick(frames)
      }),
    count,
  )
}

/**
 * Answers the prompt on screen and waits until that prompt (that step) is gone. The next prompt
 * may take its place at once, in the same element, so "the region is detached" is not the sign.
 */
export async function answered(page: Page, answer: () => Promise<void>, timeout = 60_000): Promise<void> {
  const step = await page.locator('section.prompt').getAttribute('data-step')
  await answer()
  await page.locator(`section.prompt[data-step="${step}"]`).waitFor({ state: 'detached', timeout })
}

/** Opens a trace's text through the page's file input at instant speed, and waits for its end on screen. */
export async function openTraceAtInstant(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Speed').selectOption('instant')
  await page
    .locator('section[aria-label="Save or open a trace"] input[type="file"]')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
  await page.locator('main[data-at-end="true"]').waitFor({ timeout: 60_000 })
}
