import { setupWorker } from 'msw/browser'
import { createHandlers } from './handlers.ts'
import type { FaultInjection } from './faults/inject.ts'
import type { Tenant } from './tenant.ts'

const DEFAULT_PLACE = { workerUrl: '/claiming-worker.js', scope: '/' }

/**
 * The emulated services in the page, through MSW's service worker (public/mockServiceWorker.js,
 * imported by public/claiming-worker.js, which the offline worker imports in turn). `serve()`
 * points every handler at a tenant; each run gets a fresh one. `workerUrl` and `scope` place the
 * worker under the app's base path (`/tracer/` on a static host), as MSW's `serviceWorker.url` and
 * `options.scope` allow; by default it sits at the root.
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
 * Brings this page under the worker's control before MSW starts, where a wait or a claim can do it.
 * MSW's `start()` reloads a page with no controller beside a registered worker, under whatever
 * the user was doing. Two ways to be there: a registration of the worker (by another page) still
 * on its way to active, whose activation claims every page in scope (the offline worker copies the
 * whole build first: a page opened meanwhile reloaded on each start until installation ended, and
 * a run just started there was lost), which is waited for; and an activated worker that missed
 * this page, which is asked to claim it (public/claiming-worker.js). The second is a hard reload
 * (Ctrl+Shift+R bypasses the worker), or a navigation that began before activation while the
 * activation's claim came before the page was ready. Chromium lets the claim take both (measured);
 * where none arrives within CLAIM_WAIT_MS, MSW's reload is what remains.
 */
async function untilActivationClaims({ workerUrl, scope }: { workerUrl: string; scope: string }) {
  // Without service workers (an insecure context), MSW's start says so.
  if (!('serviceWorker' in navigator)) return
  const container = navigator.serviceWorker
  const scriptUrl = new URL(workerUrl, location.href).href
  while (!container.controller) {
    const registration = await container.getRegistration(scope)
    const ours = [registration?.installing, registration?.waiting, registration?.active].filter(
      (worker): worker is ServiceWorker => worker?.scriptURL === scriptUrl,
    )
    const coming = ours.find((worker) => worker.state !== 'activated')
    if (coming) await untilSettled(container, coming)
    else return ours[0] ? claimedBy(container, ours[0]) : undefined
  }
}

/** Until the worker coming claims this page, or can no longer: it failed, or activated without. */
async function untilSettled(container: ServiceWorkerContainer, coming: ServiceWorker): Promise<void> {
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

/**
 * A claim's control arrives in milliseconds; this leaves room for a worker that must start up, or
 * one from an older build that does not know the message. Wall time: no run has started yet.
 */
const CLAIM_WAIT_MS = 2000

/** Asks an activated worker to claim this page; settles when it has, or after CLAIM_WAIT_MS. */
async function claimedBy(container: ServiceWorkerContainer, active: ServiceWorker): Promise<void> {
  const stop = new AbortController()
  const givenUp = AbortSignal.timeout(CLAIM_WAIT_MS)
  await new Promise<void>((settled) => {
    container.addEventListener('controllerchange', () => settled(), { signal: stop.signal })
    givenUp.addEventListener('abort', () => settled(), { signal: stop.signal })
    active.postMessage('CLAIM')
  })
  stop.abort()
}
