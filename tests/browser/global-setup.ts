import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type ViteDevServer } from 'vite'
import type { TestProject } from 'vitest/node'
import { CHROMIUM_PATH } from '../support/chromium.ts'

const CHROMIUM = CHROMIUM_PATH

/** The browser tests need Debian's Chromium; install it where it is missing (we are root). */
function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return
  console.log("Chromium is missing: installing Debian's package (apt-get install chromium)…")
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  })
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get finished but ${CHROMIUM} is still missing`)
}

let server: ViteDevServer | undefined

/** Starts the app as `npm start` does (Vite's dev server) on a free port, for every browser test. */
export async function setup(project: TestProject): Promise<void> {
  ensureChromium()
  server = await createServer({ server: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' })
  await server.listen()
  const address = server.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('Vite did not report a port')
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`)
}

export async function teardown(): Promise<void> {
  await server?.close()
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}
