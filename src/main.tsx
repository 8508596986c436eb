// @peculiar/x509 (through tsyringe) needs the Reflect polyfill before it is evaluated. A production
// build may put x509 in a shared chunk that runs before the module that imported the polyfill, so
// the entry loads it first (3.7 KB gzipped).
import 'reflect-metadata'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import type { EmulatedServices } from './ui/emulated-services.ts'
import { App } from './ui/App.tsx'
import { warmUpWhenIdle } from './ui/session/warm-up.ts'

// msw/browser is large: load it on its own, and render only once the worker controls the page, so
// the first request of a flow is already answered by the emulated services.
async function startServices(): Promise<EmulatedServices> {
  const [{ startBrowserServices }, { createTenant }, { tenantHostDeps }] = await Promise.all([
    import('../mocks/browser.ts'),
    import('../mocks/tenant.ts'),
    import('./engine/tenant-host.ts'),
  ])
  const services = await startBrowserServices(workerPlace())
  return {
    useTenant(fixture, clock, faults = []) {
      // The emulated services read the run's clock, so token lifetimes and trace times agree.
      const tenant = createTenant(fixture, { now: clock.now, newId: () => crypto.randomUUID() })
      // A latency fault skips ahead on the run's clock, as a sync cycle does: the page never stalls.
      services.serve(tenant, { armed: faults, wait: clock.advance })
      return tenantHostDeps(tenant)
    },
  }
}

/**
 * Where the service worker lives: under the app's base path, so a build copied to `/tracer/` on
 * any static host registers its worker there. A build uses the offline worker (the app's files
 * and recordings cached, then MSW's worker); the dev server uses MSW's worker alone.
 */
function workerPlace(): { workerUrl: string; scope: string } {
  const base = import.meta.env.BASE_URL
  const file = __STATIC_BUILD__ ? 'offline-worker.js' : 'mockServiceWorker.js'
  return { workerUrl: `${base}${file}`, scope: base }
}

/** Asks the offline worker to cache whatever this build has that it has not cached yet. */
function keepOfflineCopy(): void {
  if (!__STATIC_BUILD__) return
  void navigator.serviceWorker?.ready.then((registration) =>
    registration.active?.postMessage({ type: 'PRECACHE' }),
  )
}

const root = createRoot(document.getElementById('root')!)
startServices().then(
  (services) => {
    root.render(
      <StrictMode>
        <App services={services} />
      </StrictMode>,
    )
    void warmUpWhenIdle()
    keepOfflineCopy()
  },
  (error: unknown) => root.render(<p role="alert">The emulated services could not start: {String(error)}</p>),
)
