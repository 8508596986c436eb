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
  const services = await startBrowserServices()
  return {
    useTenant(fixture, clock) {
      // The emulated services read the run's clock, so token lifetimes and trace times agree.
      const tenant = createTenant(fixture, { now: clock.now, newId: () => crypto.randomUUID() })
      services.serve(tenant)
      return tenantHostDeps(tenant)
    },
  }
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
  },
  (error: unknown) => root.render(<p role="alert">The emulated services could not start: {String(error)}</p>),
)
