import { setupWorker } from 'msw/browser'
import { createHandlers } from './handlers.ts'
import type { FaultInjection } from './faults/inject.ts'
import type { Tenant } from './tenant.ts'

const DEFAULT_PLACE = { workerUrl: '/mockServiceWorker.js', scope: '/' }

/**
 * The emulated services in the page, through MSW's service worker (public/mockServiceWorker.js,
 * or a worker that imports it). `serve()` points every handler at a tenant; each run gets a fresh
 * one. `workerUrl` and `scope` place the worker under the app's base path (`/tracer/` on a static
 * host), as MSW's `serviceWorker.url` and `options.scope` allow; by default it sits at the root.
 */
export async function startBrowserServices(place: { workerUrl: string; scope: string } = DEFAULT_PLACE) {
  const worker = setupWorker()
  // Vite's own module requests must pass through; only the emulated hosts are answered.
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: place.workerUrl, options: { scope: place.scope } },
  })
  return {
    serve(tenant: Tenant, faults?: FaultInjection) {
      worker.resetHandlers(...createHandlers(tenant, faults))
    },
  }
}
