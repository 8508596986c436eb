// The page's figures, on the production build in Chromium (/usr/bin/chromium): sizes, the first
// screen's paint against an empty React root's, main-thread long tasks from navigation until the
// page is warm and during live runs and replays, playback and stepping of a 200-exchange trace,
// 2,000 exchanges on screen, and the heap after many replays. Timings live here, never in tests.
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build } from 'vite'
import { buildBundle, ENTRY_BUDGET_KB, entryVerdict, gzipSize, kilobytes } from '../scripts/bundle.mts'
import { CHROMIUM_LAUNCH } from '../tests/support/chromium.ts'
import { bigTrace } from './big-trace.mts'
import { heapBytesByType, objectBytes } from './heap-objects.mts'
import { launchVisitorBrowser, type VisitorBrowser } from './visitor-browser.mts'
import type { Figure } from './figure.ts'

// Each page paints within a few frames of navigation here, so one frame more or less in a load moves
// the first-paint ratio by 0.2: its medians need more loads than one run of five gave (1.14–1.79
// in runs of the same code, docs/performance.md).
const LOADS = Number(process.env.BENCH_LOADS ?? 15)
const LIVE_RUNS = Number(process.env.BENCH_RUNS ?? 2)
const LONG_TASK_MS = 50
const FRAME_P95_MS = 20
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
}

declare global {
  interface Window {
    __longTasks: Array<{ start: number; duration: number }>
  }
}

// Registered before the page's own scripts, buffered, so no task escapes the record.
function observeLongTasks(): void {
  window.__longTasks = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.__longTasks.push({ start: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })
}

/** The built folders served as a static host would, without compression (sizes are counted gzipped). */
function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    let file = normalize(join(root, path))
    if (!file.startsWith(root)) return void response.writeHead(403).end()
    if (path.endsWith('/')) file = join(file, 'index.html')
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  return new Promise((listening) => server.listen(0, '127.0.0.1', () => listening(server)))
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!
const round = (value: number, digits = 0): number => Number(value.toFixed(digits))
/** How many frames took longer than the budget allows: p95 is quantised to whole 60 Hz frames, this is not. */
const overBudget = (frames: number[]): number => frames.filter((ms) => ms > FRAME_P95_MS).length
const longest = (tasks: Array<{ duration: number }>): number =>
  Math.max(0, ...tasks.map((task) => task.duration))

interface Bench {
  browser: Browser
  /** The same Chromium as a visitor runs it, for the cold-load figures. */
  visitor: VisitorBrowser
  base: string
  folder: string
}

/** A page in a fresh context (empty cache, no service worker yet) with the long-task observer. */
async function freshPage(bench: Bench): Promise<Page> {
  const context = await bench.browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.addInitScript('globalThis.__name = (target) => target')
  await page.addInitScript(observeLongTasks)
  return page
}

async function closePage(page: Page): Promise<void> {
  await page.context().close()
}

/** What a cold load saw by the time the page marked itself warm. */
interface ColdLoad {
  idle: number
  warm: number
  fcp: number
  resources: Array<{ url: string; start: number }>
  tasks: Array<{ start: number; duration: number }>
}

// Null until warm-up.ts has marked djt:warm, then everything the figures need, read in one go.
const COLD_LOAD_PROBE = `(() => {
  const warm = performance.getEntriesByName('djt:warm')[0]?.startTime
  if (warm === undefined || !document.querySelector('main[data-status="idle"]')) return null
  return {
    idle: performance.getEntriesByName('djt:idle')[0].startTime,
    warm,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    resources: performance.getEntriesByType('resource').map((entry) => ({ url: entry.name, start: entry.startTime })),
    tasks: window.__longTasks.filter((task) => task.start <= warm),
  }
})()`

/** One cold load of the app until it is warm, as a visitor's browser runs it: paint, long tasks, what it loaded when. */
async function loadApp(bench: Bench) {
  const seen = await bench.visitor.load<ColdLoad>(`${bench.base}app/`, {
    // tsx keeps function names with a `__name` helper that the page does not have.
    setup: `globalThis.__name = (target) => target; (${observeLongTasks.toString()})()`,
    probe: COLD_LOAD_PROBE,
    timeoutMs: 60_000,
  })
  const size = (url: string) => fileSize(bench.folder, new URL(url).pathname)
  const shell = size(`${bench.base}app/index.html`)
  const beforeIdle = seen.resources.filter((entry) => entry.start < seen.idle)
  return {
    fcp: seen.fcp,
    longestTask: longest(seen.tasks),
    beforeIdle: shell + beforeIdle.reduce((sum, entry) => sum + size(entry.url), 0),
    warm: shell + seen.resources.reduce((sum, entry) => sum + size(entry.url), 0),
  }
}

/** The same cold load's longest task with DevTools' Runtime domain on, as Playwright drives a page. */
async function longestTaskUnderPlaywright(bench: Bench): Promise<number> {
  const page = await freshPage(bench)
  await page.goto(`${bench.base}app/`)
  const seen = (await (
    await page.waitForFunction(COLD_LOAD_PROBE, undefined, { timeout: 60_000, polling: 100 })
  ).jsonValue()) as ColdLoad
  await closePage(page)
  return longest(seen.tasks)
}

const sizes = new Map<string, number>()
/** The gzipped size of a built file (0 for what the build did not make: the emulated hosts). */
function fileSize(folder: string, pathname: string): number {
  const file = normalize(join(folder, decodeURIComponent(pathname)))
  if (!sizes.has(file))
    sizes.set(file, statSync(file, { throwIfNoEntry: false })?.isFile() ? gzipSize(readFileSync(file)) : 0)
  return sizes.get(file)!
}

async function emptyRootFcp(bench: Bench): Promise<number> {
  return bench.visitor.load<number>(`${bench.base}empty/`, {
    setup: '',
    probe: "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null",
    timeoutMs: 60_000,
  })
}

async function firstScreen(bench: Bench): Promise<Figure[]> {
  const app: Array<Awaited<ReturnType<typeof loadApp>>> = []
  const empty: number[] = []
  const underPlaywright: number[] = []
  // The two pages the ratio compares alternate, and nothing else runs between them: a Playwright
  // load's teardown there (its own browser, which the visitor's quiet wait does not watch) fell
  // on the next load, always the app's.
  for (let load = 0; load < LOADS; load++) {
    app.push(await loadApp(bench))
    empty.push(await emptyRootFcp(bench))
  }
  for (let load = 0; load < LOADS; load++) underPlaywright.push(await longestTaskUnderPlaywright(bench))
  const tasks = app.map((load) => load.longestTask)
  const appFcp = median(app.map((load) => load.fcp))
  const emptyFcp = median(empty)
  return [
    {
      name: 'page: loaded before the first screen is idle',
      value: kilobytes(Math.max(...app.map((load) => load.beforeIdle))),
      unit: 'KB gz',
      budget: { max: 200 },
      detail:
        'HTML, CSS and JavaScript requested before the first idle period, gzipped; largest of the loads',
    },
    {
      name: 'page: loaded once warm (services and run chunks in idle time)',
      value: kilobytes(Math.max(...app.map((load) => load.warm))),
      unit: 'KB gz',
      detail: 'everything the page fetched until warm-up.ts marked djt:warm',
    },
    {
      name: 'page: longest main-thread task, navigation to warm',
      value: round(median(tasks)),
      unit: 'ms',
      budget: { max: LONG_TASK_MS },
      detail: `median over ${LOADS} cold loads of each load's longest task, Chromium driven with only the DevTools Page domain on, each load navigating once the browser's own processes are quiet (bench/visitor-browser.mts); loads: ${tasks.map((ms) => round(ms)).join(' / ')} ms`,
    },
    {
      name: 'page: longest main-thread task, navigation to warm, with DevTools Runtime on',
      value: round(median(underPlaywright)),
      unit: 'ms',
      detail: `the same cold loads driven by Playwright, which enables the Runtime domain: V8 then parses React DOM again for source positions as it loads; loads: ${underPlaywright.map((ms) => round(ms)).join(' / ')} ms`,
    },
    {
      name: 'page: first contentful paint against an empty React root',
      value: round(appFcp / emptyFcp, 2),
      unit: 'ratio',
      budget: { max: 1.5 },
      detail: `medians of ${LOADS} cold loads each, alternating, only the DevTools Page domain on: app ${round(appFcp)} ms, empty root ${round(emptyFcp)} ms; loads, app: ${app.map((load) => round(load.fcp)).join(' / ')}; empty root: ${empty.map((ms) => round(ms)).join(' / ')} ms`,
    },
  ]
}

/** A page opened and idle, the run chunks warm, at the given speed. */
async function warmPage(bench: Bench, speed: string, hash = ''): Promise<Page> {
  const page = await freshPage(bench)
  await page.goto(`${bench.base}app/${hash}`)
  await page.locator('main[data-status]').waitFor()
  await page.waitForFunction(() => performance.getEntriesByName('djt:warm').length > 0, undefined, {
    timeout: 60_000,
  })
  await page.getByLabel('Speed').selectOption(speed)
  return page
}

const now = (page: Page): Promise<number> => page.evaluate(() => performance.now())
const tasksSince = (page: Page, from: number) =>
  page.evaluate((since) => window.__longTasks.filter((task) => task.start >= since), from)

async function liveRuns(bench: Bench): Promise<Figure[]> {
  const figures: Figure[] = []
  for (const keys of ['platform', 'software'] as const) {
    const runs: number[] = []
    for (let run = 0; run < LIVE_RUNS; run++) {
      const page = await warmPage(bench, 'fast')
      if (keys === 'software')
        await page.getByRole('radio', { name: 'No TPM (software, node-forge)' }).check()
      const from = await now(page)
      await page.getByRole('button', { name: 'Start' }).click()
      const prompt = page.getByRole('region', { name: 'The device is waiting for you' })
      const end = page.locator('main[data-at-end="true"]')
      while (!(await end.count())) {
        await Promise.race([prompt.waitFor({ timeout: 90_000 }), end.waitFor({ timeout: 90_000 })])
        if (await prompt.count()) await prompt.locator('button.primary').first().click()
      }
      const status = await page.locator('main').getAttribute('data-status')
      if (status !== 'registered') throw new Error(`a live run ended ${status}`)
      runs.push(longest(await tasksSince(page, from)))
      await closePage(page)
    }
    figures.push({
      name: `page: longest task during a live run, ${keys} keys`,
      value: round(Math.max(...runs)),
      unit: 'ms',
      budget: { max: LONG_TASK_MS },
      detail: `aadj-managed at fast speed, worst of ${LIVE_RUNS} runs: ${runs.map((ms) => round(ms)).join(' / ')} ms`,
    })
  }
  return figures
}

async function replay(bench: Bench): Promise<Figure[]> {
  const page = await warmPage(bench, 'fast')
  const from = await now(page)
  await page.evaluate(() => (location.hash = '#/story/aadj-federated-happy'))
  await page.locator('main[data-at-end="true"][data-status="registered"]').waitFor({ timeout: 60_000 })
  const tasks = await tasksSince(page, from)
  await closePage(page)
  return [
    {
      name: 'page: longest task during a replay',
      value: round(longest(tasks)),
      unit: 'ms',
      budget: { max: LONG_TASK_MS },
      detail: 'aadj-federated-happy from its recording at fast speed, opened by its link',
    },
  ]
}

/**
 * Opens a trace file through the page's own file input, as a user picking it would. The file is
 * handed over from disk (CDP's DOM.setFileInputFiles): given as bytes, Playwright would decode
 * them from base64 in a script on the page's thread, which the figures would then charge to the
 * page: on an empty page, at a load average of 10, that alone held animation frames for 0.5–1.3 s
 * (200 exchanges) and 3.4–4.8 s (2,000), against 17–83 ms handed over by path.
 */
async function openTrace(page: Page, folder: string, exchanges: number): Promise<void> {
  const file = join(folder, `bench-${exchanges}.trace.json`)
  if (!statSync(file, { throwIfNoEntry: false })) writeFileSync(file, bigTrace(exchanges))
  await page.locator('section[aria-label="Save or open a trace"] input[type="file"]').setInputFiles(file)
}

/**
 * Animation-frame times while `action` runs and until the page shows the run's end, and how many
 * different cursor positions those frames painted (main's data-cursor as each frame began).
 */
async function frameTimes(
  page: Page,
  until: string,
  action: () => Promise<void>,
): Promise<{ times: number[]; painted: number }> {
  type Box = { __frames?: { times: number[]; cursors: Set<string> } }
  await page.evaluate(() => {
    const frames = { times: [] as number[], cursors: new Set<string>() }
    ;(window as unknown as Box).__frames = frames
    let last = performance.now()
    const tick = (time: number) => {
      frames.times.push(time - last)
      frames.cursors.add(document.querySelector('main')?.dataset.cursor ?? '')
      last = time
      if ((window as unknown as Box).__frames === frames) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  await action()
  await page.locator(until).waitFor({ timeout: 120_000 })
  await page.waitForTimeout(300)
  return page.evaluate(() => {
    const box = window as unknown as Box
    const frames = box.__frames ?? { times: [], cursors: new Set<string>() }
    delete box.__frames
    return { times: frames.times.slice(1), painted: frames.cursors.size }
  })
}

/** Steps `count` frames with the arrow key, one per animation frame; returns the frame times. */
function stepFrames(page: Page, key: 'ArrowRight' | 'ArrowLeft', count: number): Promise<number[]> {
  return page.evaluate(
    ({ key, count }) =>
      new Promise<number[]>((done) => {
        const times: number[] = []
        let last = 0
        let left = count
        const tick = (time: number) => {
          if (last) times.push(time - last)
          last = time
          if (left-- <= 0) return done(times)
          window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      }),
    { key, count },
  )
}

async function playback(bench: Bench): Promise<Figure[]> {
  const page = await warmPage(bench, 'instant')
  const { times: frames, painted } = await frameTimes(page, 'main[data-at-end="true"]', () =>
    openTrace(page, bench.folder, 200),
  )
  const total = Number(await page.locator('main').getAttribute('data-frames'))
  await page.keyboard.press('Home')
  const steps = await stepFrames(page, 'ArrowRight', total - 1)
  await closePage(page)
  return [
    {
      name: 'playback: 200-exchange trace at instant speed, longest frame',
      value: round(Math.max(...frames)),
      unit: 'ms',
      budget: { max: LONG_TASK_MS },
      // Instant speed jumps to the end in one render (src/ui/session/playback.ts): the frames
      // measured are the page's while it reads the file and draws every exchange at once.
      detail: `${frames.length} animation frames from opening the file to its end, ${frames.filter((ms) => ms > 1000 / 60 + 4).length} over a 60 Hz frame; they painted ${painted} cursor positions of ${total} frames (instant draws the end in one go)`,
    },
    {
      name: 'playback: stepping a 200-exchange trace, p95 frame time',
      value: round(percentile(steps, 0.95), 1),
      unit: 'ms',
      budget: { max: FRAME_P95_MS },
      detail: `${steps.length} steps with →, one per animation frame; ${overBudget(steps)} frames over ${FRAME_P95_MS} ms, longest ${round(Math.max(...steps))} ms`,
    },
  ]
}

/**
 * Each view's stepping through 2,000 exchanges, from as many opens of the trace: one open gives
 * 60 frames, whose first few carry what the open left behind (docs/performance.md, "The first
 * steps back are the open's aftermath"), so one open's p95 flips between runs of the same code.
 * The figure is the median open's, as the first paint's is the median load's; every open is printed.
 */
const OPENS = Number(process.env.BENCH_OPENS ?? 3)

async function manyExchanges(bench: Bench): Promise<Figure[]> {
  const figures: Figure[] = []
  for (const view of ['sequence', 'stage'] as const) {
    const opens: Array<{ p95: number; over: number; longest: number; opening: number }> = []
    for (let open = 0; open < OPENS; open++) opens.push(await stepThroughOpened(bench, view))
    const shown = view === 'sequence' ? 'sequence view and network log' : 'stage and network log'
    const each = (describe: (one: (typeof opens)[number]) => string) => opens.map(describe).join(' / ')
    figures.push(
      {
        name: `2,000 exchanges, ${shown}: stepping p95 frame time`,
        value: round(median(opens.map((one) => one.p95)), 1),
        unit: 'ms',
        budget: { max: FRAME_P95_MS },
        detail: `median of ${OPENS} opens, each then 60 steps back from the end with ←; p95 per open ${each((one) => `${round(one.p95, 1)}`)} ms; frames over ${FRAME_P95_MS} ms per open ${each((one) => `${one.over}`)}, longest ${each((one) => `${round(one.longest)}`)} ms`,
      },
      {
        name: `2,000 exchanges, ${shown}: longest task opening the file`,
        value: round(Math.max(...opens.map((one) => one.opening))),
        unit: 'ms',
        detail: `the longest over ${OPENS} opens (${each((one) => `${round(one.opening)}`)} ms), from picking the file to its end on screen at instant speed: read and validated in the trace reader's worker, taken in by parts, then every exchange drawn`,
      },
    )
  }
  return figures
}

/** A warm page opens the 2,000-exchange trace at instant speed in `view`, then steps back 60 frames. */
async function stepThroughOpened(bench: Bench, view: 'sequence' | 'stage') {
  const page = await warmPage(bench, 'instant')
  const flowView = page.getByRole('group', { name: 'View' })
  if (await flowView.count()) await flowView.getByRole('button', { name: new RegExp(view, 'i') }).click()
  const from = await now(page)
  await openTrace(page, bench.folder, 2000)
  await page.locator('main[data-at-end="true"]').waitFor({ timeout: 120_000 })
  const opening = longest(await tasksSince(page, from))
  const steps = await stepFrames(page, 'ArrowLeft', 60)
  await closePage(page)
  return { p95: percentile(steps, 0.95), over: overBudget(steps), longest: Math.max(...steps), opening }
}

async function memory(bench: Bench): Promise<Figure[]> {
  const page = await warmPage(bench, 'instant')
  const cdp = await page.context().newCDPSession(page)
  // Two stories alternating, told apart on screen by their number of frames.
  const stories = ['aadj-managed-happy', 'aadj-federated-happy'].map((id) => {
    const trace = JSON.parse(readFileSync(`src/stories/recordings/${id}.json`, 'utf8')) as {
      steps: Array<{ exchanges: unknown[] }>
    }
    return { id, frames: trace.steps.reduce((sum, step) => sum + 1 + step.exchanges.length, 0) }
  })
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage')
    const used = (await cdp.send('Runtime.getHeapUsage')).usedSize
    return { used, objects: objectBytes(await heapBytesByType(cdp)) }
  }
  const replays = async (from: number, to: number) => {
    for (let count = from; count < to; count++) {
      const story = stories[count % 2]!
      await page.evaluate((id) => (location.hash = `#/story/${id}`), story.id)
      await page
        .locator(`main[data-at-end="true"][data-status="registered"][data-frames="${story.frames}"]`)
        .waitFor({ timeout: 60_000 })
    }
  }
  await replays(0, 20)
  const after20 = await heap()
  await replays(20, 200)
  const after200 = await heap()
  await closePage(page)
  const mb = (bytes: number) => round(bytes / 1048576, 2)
  const how = 'two stories alternating by link, instant speed'
  return [
    {
      name: 'memory: JS heap objects after 200 replays against after 20',
      value: round(after200.objects / after20.objects, 3),
      unit: 'ratio',
      budget: { max: 1.1 },
      detail: `V8 heap snapshot without compiled code: ${mb(after20.objects)} MB after 20, ${mb(after200.objects)} MB after 200 (${how}; bench/heap-objects.mts)`,
    },
    {
      name: 'memory: JS heap with compiled code after 200 replays against after 20',
      value: round(after200.used / after20.used, 3),
      unit: 'ratio',
      detail: `CDP heap used after GC: ${mb(after20.used)} MB after 20, ${mb(after200.used)} MB after 200; what grows is the code V8 optimises as the replays go on`,
    },
  ]
}

/** A measurement that could not be made: a figure that breaks its budget, with the reason. */
function failed(part: string, error: unknown): Figure {
  return {
    name: `page: ${part} could not be measured`,
    value: 1,
    unit: 'error',
    budget: { max: 0 },
    detail: String(error instanceof Error ? error.message : error).split('\n')[0],
  }
}

/**
 * Builds the app and the empty-root baseline, serves both, and measures everything above;
 * `report` sees each figure as soon as it is measured.
 */
export async function pageFigures(report?: (figure: Figure) => void): Promise<Figure[]> {
  const folder = mkdtempSync(join(tmpdir(), 'djt-bench-'))
  let server: Server | undefined
  let browser: Browser | undefined
  let visitor: VisitorBrowser | undefined
  try {
    const bundle = await buildBundle(join(folder, 'app'))
    await build({
      root: 'bench/empty-root',
      configFile: false,
      base: './',
      logLevel: 'warn',
      build: { outDir: join(folder, 'empty'), emptyOutDir: true },
    })
    server = await serve(folder)
    const address = server.address()
    if (!address || typeof address === 'string') throw new Error('the bench server has no port')
    browser = await chromium.launch(CHROMIUM_LAUNCH)
    console.log(`Chromium ${browser.version()}, production build`)
    visitor = await launchVisitorBrowser()
    const bench: Bench = { browser, visitor, base: `http://127.0.0.1:${address.port}/`, folder }
    const entry = entryVerdict(bundle.entry)
    const figures: Figure[] = [
      {
        name: 'page: entry JavaScript',
        value: entry.kb,
        unit: 'KB gz',
        budget: { max: ENTRY_BUDGET_KB },
        detail: `${bundle.entry.length} chunks: the entry, its static imports and what index.html preloads (React DOM)`,
      },
    ]
    report?.(figures[0]!)
    // BENCH_PAGE_PARTS=playback,manyExchanges measures only those (while working on one of them).
    const only = process.env.BENCH_PAGE_PARTS?.split(',')
    const parts = [firstScreen, liveRuns, replay, playback, manyExchanges, memory]
    for (const part of parts.filter((each) => !only || only.includes(each.name))) {
      const measured = await part(bench).catch((error: unknown) => [failed(part.name, error)])
      figures.push(...measured)
      for (const figure of measured) report?.(figure)
    }
    return figures
  } finally {
    await visitor?.close()
    await browser?.close()
    server?.close()
    rmSync(folder, { recursive: true, force: true })
  }
}
