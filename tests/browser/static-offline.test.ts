import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { build } from 'vite'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { STORIES } from '../../src/stories/catalogue.ts'
import { FIRST_SCREEN_FONTS } from '../../src/ui/first-screen/warm-fonts.ts'
import { useBrowser } from './browser.ts'
import { answerUntilEnd, startStory } from './tracer-page.ts'

const browser = useBrowser()
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
}
let folder = ''
let server: Server | undefined
let base = ''

/**
 * The built folder served as a plain static host would, under /tracer/ and nowhere else. With
 * `copyDelayMs`, each request made with `cache: 'no-store'` (the offline worker's copy of the build)
 * is answered that much later, as over a slow network.
 */
function serveUnderTracer(root: string, copyDelayMs = 0): Promise<Server> {
  const host = createServer(async (request, response) => {
    if (copyDelayMs && request.headers['cache-control'] === 'no-cache')
      await new Promise((later) => setTimeout(later, copyDelayMs))
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    if (!path.startsWith('/tracer/')) return void response.writeHead(404).end()
    let file = normalize(join(root, path.slice('/tracer/'.length)))
    if (!file.startsWith(root)) return void response.writeHead(403).end()
    if (path.endsWith('/')) file = join(file, 'index.html')
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  return new Promise((listening) => host.listen(0, '127.0.0.1', () => listening(host)))
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'djt-build-'))
  await build({ logLevel: 'warn', build: { outDir: folder, emptyOutDir: true } })
  server = await serveUnderTracer(folder)
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  base = `http://127.0.0.1:${address.port}/tracer/`
})

afterAll(() => {
  server?.close()
  rmSync(folder, { recursive: true, force: true })
})

/** How many of the build's files the page's origin has cached for offline use. */
const cachedFiles = (page: Page) =>
  page.evaluate(async () => (await (await caches.open('device-join-tracer-app')).keys()).length)

const replayEnd = (id: string) => `${base}#/story/${id}?frame=999`

// Before the offline test below, which takes the host down: this one needs the network.
it('paints the prerendered first screen before any script runs, only on a visit it stands for', async () => {
  const page = await browser.page('about:blank')
  await page.route('**/*.js', (route) => route.abort())
  await page.goto(base)
  await expect.poll(() => page.locator('#root h1').isVisible()).toBe(true)
  expect(await page.getByRole('button', { name: 'Start' }).isVisible()).toBe(true)
  // Nothing answers clicks yet, so nothing says the page is ready.
  expect(await page.locator('main[data-status]').count()).toBe(0)
  // A gallery link, a story link or a stored look of one's own: hidden before the first paint.
  for (const hash of ['#/gallery', '#/story/aadj-managed-happy', '#/?theme=dark']) {
    await page.goto('about:blank')
    await page.goto(`${base}${hash}`)
    expect(await page.locator('#root').isVisible()).toBe(false)
  }
  await page.evaluate(() =>
    localStorage.setItem('device-join-tracer.display', '{"theme":"dark","presenter":false}'),
  )
  await page.goto('about:blank')
  await page.goto(base)
  expect(await page.locator('#root').isVisible()).toBe(false)
  await page.evaluate(() => localStorage.clear())
  await page.close()
})

it('requests no stylesheet from navigation until warm: the one it has is written into the page', async () => {
  // Chromium's preload scanner fetched the disabled link kept for Vite's preload helper, a request
  // on the first paint's path (docs/performance.md, "The stylesheet the page did not need").
  const page = await browser.page('about:blank')
  const stylesheets: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'stylesheet' || request.url().endsWith('.css'))
      stylesheets.push(request.url())
  })
  await page.goto(base)
  await page.waitForFunction(() => performance.getEntriesByName('djt:warm').length > 0, undefined, {
    timeout: 60_000,
  })
  expect(stylesheets).toEqual([])
  await page.close()
})

it('resolves ahead of the first layout exactly the fonts the prerendered first screen draws text in', async () => {
  const page = await browser.page('about:blank')
  await page.route('**/*.js', (route) => route.abort())
  await page.goto(base)
  await page.locator('#root h1').waitFor()
  const used = await page.evaluate(() => {
    const fonts = new Set<string>()
    const add = (style: CSSStyleDeclaration) =>
      fonts.add(`${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`)
    for (const element of document.querySelectorAll('#root *')) {
      const text = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent?.trim())
      if (text || element.matches('input, select, textarea, button, option')) add(getComputedStyle(element))
      if (element.matches('input[type="file"]')) add(getComputedStyle(element, '::file-selector-button'))
    }
    return [...fonts]
  })
  expect(new Set(used)).toEqual(new Set(FIRST_SCREEN_FONTS))
  await page.close()
})

it('hydrates the prerendered first screen: same elements, no errors, and it answers clicks', async () => {
  const page = await browser.page('about:blank')
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())))
  // The heading as parsed from index.html, before any script ran.
  await page.addInitScript(() =>
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive')
        (window as unknown as { parsed?: Element | null }).parsed = document.querySelector('#root h1')
    }),
  )
  await page.goto(base)
  await page.locator('main[data-status="idle"]').waitFor()
  expect(
    await page.evaluate(() => {
      const parsed = (window as unknown as { parsed?: Element | null }).parsed
      return Boolean(parsed) && parsed === document.querySelector('#root h1')
    }),
  ).toBe(true)
  // No script of the app is requested before the prerendered screen has been painted.
  const [painted, firstScript] = await page.evaluate(() => [
    performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    Math.min(
      ...performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => entry.startTime),
    ),
  ])
  expect(painted).toBeGreaterThan(0)
  expect(firstScript).toBeGreaterThan(painted!)
  await page.getByRole('button', { name: 'Stage', exact: true }).click()
  await page.locator('.workspace-stage').waitFor()
  await page.locator('.state-view .states').waitFor()
  expect(problems).toEqual([])
  // A gallery link renders the gallery, with no trace of the tracer's first screen.
  await page.goto(`${base}#/gallery`)
  await page.reload()
  await page.getByRole('searchbox').or(page.getByLabel('Search stories')).first().waitFor()
  expect(await page.locator('#root').isVisible()).toBe(true)
  expect(await page.locator('.workspace').count()).toBe(0)
  expect(problems).toEqual([])
  await page.evaluate(() => localStorage.clear())
  await page.close()
})

it('keeps a run started in a second page while the first page’s worker is still copying the build', async () => {
  // MSW takes a registered worker that does not control the page for a hard reload, and reloads the
  // page: one opened while another page's worker was installing (it copies the build first)
  // reloaded at each start until the copy was done, and lost the run it had just started. A fresh
  // origin, and a copy that crawls.
  const slow = await serveUnderTracer(folder, 100)
  const { port } = slow.address() as { port: number }
  const url = `http://127.0.0.1:${port}/tracer/`
  const first = await browser.page(url)
  await first.waitForFunction(async () =>
    Boolean((await navigator.serviceWorker.getRegistration())?.installing),
  )
  const second = await browser.page(url)
  let reloads = 0
  second.on('load', () => reloads++)
  await startStory(second, { scenarioId: 'aadj-federated' })
  await second.getByRole('region', { name: 'The device is waiting for you' }).waitFor({ timeout: 60_000 })
  expect(reloads).toBe(0)
  await Promise.all([first.close(), second.close()])
  slow.closeAllConnections()
  await new Promise((closed) => slow.close(closed))
})

it('works from a sub-path, then offline after one visit: live flows, stories and recordings', async () => {
  const page = await browser.page(base)
  await startStory(page, { scenarioId: 'aadj-federated' })
  expect(await answerUntilEnd(page)).toBe('registered')
  // The stylesheet is written into index.html: no lazy chunk of the run that lists it among what it
  // needs has linked it again (Vite's preload helper would, and restyle the whole page).
  const linked = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')]
      .filter((link) => !link.disabled)
      .map((link) => link.href),
  )
  expect(linked).toEqual([])
  const happy = STORIES.find((story) => story.id === 'haadj-managed-happy')!
  await page.goto(replayEnd(happy.id))
  await page.locator(`main[data-at-end="true"][data-status="${happy.outcome}"]`).waitFor()
  // Every file of the build is cached once the worker has had its look at precache.json.
  const files = await (await fetch(`${base}precache.json`)).json()
  const expected = (files as { files: string[] }).files.length
  const cached = () => cachedFiles(page)
  for (let wait = 0; (await cached()) <= expected; wait++) {
    if (wait > 120) throw new Error(`only ${await cached()} of ${expected} files cached`)
    await page.waitForTimeout(500)
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
    `${base}offline-worker.js`,
  )

  // The network is gone: the host itself is down.
  await new Promise((closed) => server!.close(closed))
  server!.closeAllConnections()
  // A new visit (the page left and opened again), on a story this page never played.
  const never = STORIES.find((story) => story.id === 'haadj-federated-no-scp')!
  await page.goto('about:blank')
  await page.goto(replayEnd(never.id))
  await page.locator(`main[data-at-end="true"][data-status="${never.outcome}"]`).waitFor()
  await page.goto(`${base}#/`)
  await page.reload()
  await startStory(page, { scenarioId: 'haadj-managed' })
  expect(await answerUntilEnd(page)).toBe('registered')
  await browser.screenshot(page, 'offline-sub-path-live-run')
})
