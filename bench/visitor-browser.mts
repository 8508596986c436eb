// Chromium as a visitor's browser runs a page: driven over its DevTools pipe with only the Page
// domain on (for the observer that must run before the page's scripts), so V8 keeps no debugger
// state for the page.
//
// Why not Playwright for the cold-load figures: Playwright enables the `Runtime` domain on every
// page it opens, and with it V8 records a detailed stack for every Error a script creates. React DOM
// creates five as it loads, from inside the one function that holds all of it, so V8 parses that
// function again for source positions (`V8.CollectSourcePositions`: 66 of 78 ms of the task in a
// trace). The same createRoot().render() took 10–24 ms driven this way and 83–419 ms with
// `Runtime` on (2026-12-02, under load; docs/performance.md). A visitor without DevTools open pays
// the first, so the first is what the budget judges.
//
// Why each load waits for the browser to go quiet before it navigates: a fresh browser context is
// a new window here, and a new window loads its omnibox popup's WebUI
// (chrome://omnibox-popup.top-chrome and its AI-mode page, some 400 unbundled module scripts in
// this Chromium build) in a renderer of its own: 1.2–1.9 s of CPU over the first 3 s of the window
// at a load average of 10, which fell on the page's first paint and hydration on two cores. A
// visitor's window was open before they typed the address; its popup had loaded long before. The
// wait measures nothing and leaves the page's own work, service worker included, in the window.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { CHROMIUM_LAUNCH } from '../tests/support/chromium.ts'

/** Chromium's processes together using under 20 ms of CPU in half a second: about 4% of one core. */
const QUIET_CPU_SECONDS = 0.02
const QUIET_WINDOW_POLLS = 5
const POLL_MS = 100
/** A browser that never goes quiet is still measured, after this long. */
const QUIET_TIMEOUT_MS = 15_000

type Reply = { id?: number; result?: Record<string, unknown>; error?: { message: string } }

export interface VisitorBrowser {
  /** Opens `url` in a fresh browser context, runs `setup` before the page's own scripts, then polls `probe` (an expression) until it is not null. */
  load<T>(url: string, options: { setup: string; probe: string; timeoutMs: number }): Promise<T>
  close(): Promise<void>
}

export async function launchVisitorBrowser(): Promise<VisitorBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'djt-visitor-'))
  const chromium = spawn(
    CHROMIUM_LAUNCH.executablePath,
    ['--headless', ...CHROMIUM_LAUNCH.args, '--remote-debugging-pipe', `--user-data-dir=${profile}`],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  )
  const send = pipeClient(chromium)
  return {
    async load(url, { setup, probe, timeoutMs }) {
      const { browserContextId } = await send('Target.createBrowserContext')
      try {
        const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId })
        const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true })
        const page = (method: string, params: object = {}) => send(method, params, sessionId as string)
        await page('Emulation.setDeviceMetricsOverride', {
          width: 1280,
          height: 900,
          deviceScaleFactor: 1,
          mobile: false,
        })
        await untilQuiet(send)
        // Page is the one domain on: its scripts-on-new-document need it, and it leaves V8 alone
        // (React DOM's first run took as long with it on as with no domain at all).
        await page('Page.enable')
        await page('Page.addScriptToEvaluateOnNewDocument', { source: setup })
        await page('Page.navigate', { url })
        const until = Date.now() + timeoutMs
        let thrown = ''
        while (Date.now() < until) {
          // Each probe is one small task on the page; no domain is enabled for it.
          const { result, exceptionDetails } = await page('Runtime.evaluate', {
            expression: probe,
            returnByValue: true,
          })
          const value = (result as { value?: unknown } | undefined)?.value
          if (value !== null && value !== undefined) return value as never
          thrown =
            (exceptionDetails as { exception?: { description?: string } } | undefined)?.exception
              ?.description ?? thrown
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        throw new Error(
          `${url}: not ready after ${timeoutMs} ms${thrown ? `; the probe threw ${thrown.split('\n')[0]}` : ''}`,
        )
      } finally {
        await send('Target.disposeBrowserContext', { browserContextId })
      }
    },
    async close() {
      await send('Browser.close').catch(() => undefined)
      await new Promise((exited) =>
        chromium.exitCode === null ? chromium.once('exit', exited) : exited(null),
      )
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Waits until the browser's processes (its own, the GPU's, every renderer's) have gone quiet. */
async function untilQuiet(send: Send): Promise<void> {
  const started = Date.now()
  const totals: number[] = []
  while (Date.now() - started < QUIET_TIMEOUT_MS) {
    const { processInfo } = await send('SystemInfo.getProcessInfo')
    const cpu = (processInfo as Array<{ cpuTime: number }>).reduce((sum, process) => sum + process.cpuTime, 0)
    totals.push(cpu)
    const before = totals.at(-1 - QUIET_WINDOW_POLLS)
    if (before !== undefined && cpu - before < QUIET_CPU_SECONDS) return
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

type Send = ReturnType<typeof pipeClient>

/** Commands over Chromium's pipe: JSON messages each ended by a NUL byte, fd 3 in, fd 4 out. */
function pipeClient(chromium: ChildProcess) {
  const input = chromium.stdio[3] as Writable
  const output = chromium.stdio[4] as Readable
  const waiting = new Map<number, (reply: Reply) => void>()
  let next = 0
  let buffered = ''
  output.setEncoding('utf8')
  output.on('data', (chunk: string) => {
    buffered += chunk
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const reply = JSON.parse(buffered.slice(0, end)) as Reply
      buffered = buffered.slice(end + 1)
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply)
    }
  })
  const gone = new Promise<never>((_, reject) =>
    chromium.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before it answered`))),
  )
  gone.catch(() => undefined)
  return async (method: string, params: object = {}, sessionId?: string) => {
    const id = ++next
    const answered = new Promise<Reply>((resolve) => waiting.set(id, resolve))
    input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`)
    const reply = await Promise.race([answered, gone]).finally(() => waiting.delete(id))
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`)
    return reply.result ?? {}
  }
}
