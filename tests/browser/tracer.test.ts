import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { SCENARIOS } from '../../machines/index.ts'
import { STORIES } from '../../src/stories/catalogue.ts'
import { useBrowser } from './browser.ts'
import { answered, answerUntilEnd, cursorScreen, startStory } from './tracer-page.ts'

const browser = useBrowser()
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe('each flow played to its end', () => {
  for (const scenario of SCENARIOS) {
    const story = STORIES.find((candidate) => candidate.scenario === scenario.id)!
    it(`${scenario.id}: ${story.title} ends ${story.outcome}, every phase accounted for`, async () => {
      const page = await browser.page()
      await startStory(page, { scenarioId: scenario.id })
      expect(await answerUntilEnd(page)).toBe(story.outcome)
      const statuses = await page
        .locator('.phases li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')))
      expect(statuses).toHaveLength(scenario.phases.length)
      expect(statuses.every((status) => status === 'done' || status === 'skipped')).toBe(true)
      const lanes = await page.locator('.lane-head').allTextContents()
      expect(lanes.slice(0, scenario.lanes.length)).toHaveLength(scenario.lanes.length)
      await browser.screenshot(page, `tracer-${scenario.id}`)
    })
  }
})

it('shows the same screens stepping back and forward', async () => {
  const page = await browser.page()
  await startStory(page)
  await answerUntilEnd(page)
  const frames = Number(await page.locator('main').getAttribute('data-frames'))
  const backward: string[] = [await cursorScreen(page)]
  await page.locator('h1').click() // focus on the page, not on a control
  for (let step = 1; step < frames; step++) {
    await page.keyboard.press('ArrowLeft')
    await page.locator(`main[data-cursor="${frames - 1 - step}"]`).waitFor()
    backward.push(await cursorScreen(page))
  }
  await browser.screenshot(page, 'tracer-stepped-back-to-start')
  const forward: string[] = [await cursorScreen(page)]
  for (let step = 1; step < frames; step++) {
    await page.getByRole('button', { name: 'Step forward ▶' }).click()
    await page.locator(`main[data-cursor="${step}"]`).waitFor()
    forward.push(await cursorScreen(page))
  }
  expect(forward).toEqual(backward.reverse())
  expect(new Set(forward).size).toBe(frames)
  await expect(page.locator('.phases li[data-phase="A"]').getAttribute('data-status')).resolves.toBe('done')
})

it('stops at a phase breakpoint and goes on from there', async () => {
  const page = await browser.page()
  await page.getByRole('button', { name: /^Phase E,/ }).click()
  await startStory(page, { speed: 'fast' })
  const prompt = page.getByRole('region', { name: 'The device is waiting for you' })
  for (let answered = 0; answered < 3; answered++) {
    await prompt.waitFor()
    await prompt.locator('button.primary').first().click()
  }
  await page.locator('.phases li[data-phase="E"][data-status="current"]').waitFor()
  await expect(page.getByRole('button', { name: '▶ Play' }).isVisible()).resolves.toBe(true)
  const cursor = await page.locator('main').getAttribute('data-cursor')
  await page.waitForTimeout(600) // three ticks at fast speed: the cursor must not move while paused
  expect(await page.locator('main').getAttribute('data-cursor')).toBe(cursor)
  expect(await page.locator('.narration h2').textContent()).toContain(
    'Discover the Device Registration Service',
  )
  await browser.screenshot(page, 'tracer-breakpoint-E')
  await page.getByRole('button', { name: '▶ Play' }).click()
  expect(await answerUntilEnd(page)).toBe('registered')
})

it('decodes the join exchange: token, CSR, transport key and certificate with its Microsoft extensions', async () => {
  const page = await browser.page()
  await startStory(page)
  await answerUntilEnd(page)
  await page
    .getByRole('button', { name: /request, Device to Azure DRS: POST \/EnrollmentServer\/device\// })
    .click()
  const inspector = page.getByRole('region', { name: 'Payload inspector' })
  const decoded = inspector.getByRole('region', { name: 'Decoded payloads' })
  await decoded.getByText('Certificate request (PKCS#10)').waitFor()
  const text = (await decoded.textContent()) ?? ''
  expect(text).toContain('Signature: verified') // against the signing keys the device fetched in phase A
  expect(text).toContain('"aud": "urn:ms-drs:enterpriseregistration.windows.net"')
  expect(text).toMatch(/Signature validyes/)
  expect(text).toContain('0x31415352 (RSA1')
  expect(text).toMatch(/Device ID \(1\.2\.840\.113556\.1\.5\.284\.2\)[0-9a-f-]{36}/)
  expect(text).toMatch(/Thumbprint \(SHA-1\)[0-9A-F]{40}/)
  await inspector.screenshot({ path: 'test-artifacts/tracer-inspector-join.png' })
})

it('runs with the keyboard alone', async () => {
  const page = await browser.page()
  await page.locator('main[data-status="idle"]').waitFor()
  await tabTo(page, 'Speed')
  await page.keyboard.press('End') // the last speed: instant
  await tabTo(page, 'Start')
  await page.keyboard.press('Enter')
  const prompt = page.getByRole('region', { name: 'The device is waiting for you' })
  for (let count = 0; count < 3; count++) {
    await prompt.waitFor()
    await answered(page, () => page.keyboard.press('Enter')) // the prompt takes focus, prefilled: Enter answers it
  }
  await page.locator('main[data-at-end="true"][data-status="registered"]').waitFor()
  await tabTo(page, /request, Device to Azure DRS: POST \/EnrollmentServer\/device\//)
  await page.keyboard.press('Enter')
  await page
    .getByRole('region', { name: 'Payload inspector' })
    .getByText('POST https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0')
    .waitFor()
  const end = Number(await page.locator('main').getAttribute('data-cursor'))
  await page.keyboard.press('ArrowLeft')
  await page.locator(`main[data-cursor="${end - 1}"]`).waitFor()
  await page.keyboard.press('?')
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
  await browser.screenshot(page, 'tracer-keyboard-help')
  await page.keyboard.press('Escape')
  await page.getByRole('dialog').waitFor({ state: 'detached' })
})

it('passes an axe audit with no serious or critical violations, in both themes', async () => {
  const page = await browser.page()
  await startStory(page)
  await answerUntilEnd(page)
  await page
    .getByRole('button', { name: /request, Device to Azure DRS: POST \/EnrollmentServer\/device\// })
    .click()
  await page.getByText('Certificate request (PKCS#10)').waitFor()
  await page.addScriptTag({ content: AXE })
  for (const theme of ['light', 'dark']) {
    await page.getByLabel('Theme').selectOption(theme)
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> }
        }
      ).axe.run()
      return result.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id} (${violation.nodes.length})`)
    })
    expect(violations, theme).toEqual([])
    await browser.screenshot(page, `tracer-axe-${theme}`)
  }
}, 120_000) // axe walks the whole page twice: slow on a loaded two-core machine

it('shows a UPN with markup as those characters, never as HTML', async () => {
  const page = await browser.page()
  const dialogs: string[] = []
  page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()))
  const upn = '<img src=x onerror=alert(1)>'
  await startStory(page)
  const field = page.getByLabel('User name (UPN)')
  await field.fill(upn)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: /request, Device to Azure AD: GET \/common\/userrealm\// }).click()
  const inspector = page.getByRole('region', { name: 'Payload inspector' })
  await expect(inspector.textContent()).resolves.toContain(upn)
  expect(await page.locator('main img').count()).toBe(0)
  expect(dialogs).toEqual([])
  await browser.screenshot(page, 'tracer-xss-upn')
})

it('makes software keys in the forge worker, off the main thread', async () => {
  const page = await browser.page()
  await startStory(page, { storyTitle: 'No TPM: software keys', softwareKeys: true })
  expect(await answerUntilEnd(page)).toBe('registered')
  expect(
    page
      .workers()
      .map((worker) => worker.url())
      .some((url) => url.includes('forge-keygen.worker')),
  ).toBe(true)
  expect(Number(await page.locator('main').getAttribute('data-keygen-worker-jobs'))).toBeGreaterThanOrEqual(2)
  const dsreg = (await page.locator('.dsreg').textContent()) ?? ''
  expect(dsreg).toMatch(/KeyProvider : Microsoft Software Key Storage Provider/)
  expect(dsreg).toMatch(/TpmProtected : NO/)
})

/** Presses Tab until the focused element's accessible text matches; fails after 80 presses. */
async function tabTo(page: import('playwright-core').Page, name: string | RegExp): Promise<void> {
  for (let press = 0; press < 80; press++) {
    await page.keyboard.press('Tab')
    const label = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      const labelled =
        element?.getAttribute('aria-label') ??
        (element?.closest('label')?.textContent || element?.textContent) ??
        ''
      return labelled.trim()
    })
    if (typeof name === 'string' ? label.startsWith(name) : name.test(label)) return
  }
  throw new Error(`Tab never reached ${String(name)}`)
}
