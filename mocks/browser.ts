import { setupWorker } from 'msw/browser'
import { createHandlers } from './handlers.ts'
import type { Tenant } from './tenant.ts'

/** The emulated services in the page, through MSW's service worker (public/mockServiceWorker.js). */
export async function startBrowserServices(tenant: Tenant) {
  const worker = setupWorker(...createHandlers(tenant))
  // Vite's own module requests must pass through; only the emulated hosts are answered.
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
  return worker
}
