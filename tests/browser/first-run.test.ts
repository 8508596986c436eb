import { expect, it } from 'vitest'
import { useBrowser } from './browser.ts'

const browser = useBrowser()

it('runs aadj-managed to its end in the page against the service worker', async () => {
  const page = await browser.page()
  await page.getByRole('button', { name: 'Run the flow' }).click()
  await page.getByLabel('User name (UPN)').waitFor()
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Password').waitFor()
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Accept' }).click()
  await page.locator('main[data-status="registered"]').waitFor({ timeout: 20_000 })
  const phases = await page.locator('.steps li').evaluateAll((items) => [...new Set(items.map((item) => item.getAttribute('data-phase')))])
  expect(phases).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
  expect(await page.getByRole('status').textContent()).toMatch(/^Registered: device [0-9a-f-]{36}$/)
  await browser.screenshot(page, 'first-run-registered')
})
