import { setupWorker } from 'msw/browser'
import { createHandlers } from './handlers.ts'
import type { Tenant } from './tenant.ts'

/**
 * The emulated services in the page, through MSW's service worker (public/mockServiceWorker.js).
 * `serve()` points every handler at a tenant; each run gets a fresh one.
 */
export async function startBrowserServices() {
  const worker = setupWorker()
  // Vite's own module requests must pass through; only the emulated hosts are answered.
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
  return {
    serve(tenant: Tenant) {
      worker.resetHandlers(...createHandlers(tenant))
    },
  }
}
