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
  await untilActivationClaims(place)
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

/**
 * Waits, when this page is not controlled and a registration of the worker is still on its way to
 * active, until its activation claims the page (both public/mockServiceWorker.js and the offline
 * worker that imports it claim every page in scope as they activate). MSW's `start()` takes a
 * registered worker with no controller for a hard reload and reloads the page: a page opened while
 * a worker registered by another page was installing (the offline worker copies the whole build
 * before it activates) reloaded on each start until installation ended, and a run just started
 * there was lost. An active worker without control (a real hard reload) is left to MSW.
 */
async function untilActivationClaims({ workerUrl, scope }: { workerUrl: string; scope: string }) {
  // Without service workers (an insecure context), MSW's start says so.
  if (!('serviceWorker' in navigator)) return
  const container = navigator.serviceWorker
  const scriptUrl = new URL(workerUrl, location.href).href
  while (!container.controller) {
    const registration = await container.getRegistration(scope)
    const coming = [registration?.installing, registration?.waiting, registration?.active].find(
      (worker) => worker?.scriptURL === scriptUrl && worker.state !== 'activated',
    )
    if (!coming) return
    const stop = new AbortController()
    await new Promise<void>((settled) => {
      container.addEventListener('controllerchange', () => settled(), { signal: stop.signal })
      // An installation that failed leaves no worker to wait for, and one activated without
      // claiming this page never will: look again (and, with nothing to wait for, leave it to MSW).
      coming.addEventListener(
        'statechange',
        () => (coming.state === 'redundant' || coming.state === 'activated') && settled(),
        { signal: stop.signal },
      )
    })
    stop.abort()
  }
}
