import { startTransition, type ReactNode } from 'react'
import { DEFAULT_DISPLAY, DISPLAY_STORAGE_KEY } from './ui/display/display-choices.ts'
import type { EmulatedServices } from './ui/emulated-services.ts'
import { inNextTask } from './ui/first-screen/next-task.ts'
import { Page } from './ui/first-screen/Page.tsx'
import { prerenderHolds } from './ui/first-screen/prerender-holds.ts'
import { importInTurn, warmUpWhenIdle } from './ui/session/warm-up.ts'

type Started = Awaited<ReturnType<typeof import('../mocks/browser.ts').startBrowserServices>>

// msw/browser and the handlers are the largest part of the app and no part of the first screen:
// they load in idle time after the first paint (see warm-up.ts), or when the first live run asks
// for them, whichever comes first. A run's first request waits until the worker controls the page.
// Their largest libraries evaluate first, each in an idle period of its own (the ASN.1 runtime and
// schemas, then X.509, the XML parser, and MSW's core with its cookie store, which the fault
// injector brings), so that no evaluation is a long task. @peculiar/x509 bundles the schema
// packages only it imports into its own chunk, which then evaluated as one task of about 100 ms
// (a profile, load 5): the RSA schemas serialize their default algorithm parameters at import,
// and PKCS#9 and CMS declare some hundred decorated classes. Imported here first, each becomes a
// chunk of its own.
const SERVICE_PARTS = [
  () => import('@peculiar/asn1-schema'),
  () => import('@peculiar/asn1-x509'),
  firstSerialization,
  () => import('@peculiar/asn1-rsa'),
  () => import('@peculiar/asn1-cms'),
  () => import('@peculiar/asn1-pkcs9'),
  () => import('@peculiar/asn1-csr'),
  () => import('../mocks/x509.ts'),
  () => import('fast-xml-parser'),
  // MSW's cookie store brings tough-cookie, and with it tldts's public-suffix tables (large array
  // literals V8 compiles and builds as the module runs): each in a task of its own first.
  () => import('tldts'),
  () => import('tough-cookie'),
  () => import('../mocks/faults/inject.ts'),
]

/**
 * The RSA schemas serialize two default parameters as they load, and the first serialization is
 * where V8 compiles the DER writer of asn1js and @peculiar/asn1-schema: most of that module's
 * 24–34 ms task in a traced cold load. Serializing an algorithm identifier first moves that
 * compiling into an idle period of its own.
 */
async function firstSerialization(): Promise<void> {
  const [{ AsnConvert }, { AlgorithmIdentifier }] = await Promise.all([
    import('@peculiar/asn1-schema'),
    import('@peculiar/asn1-x509'),
  ])
  AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }))
}

async function startServices(wanted: Promise<void>): Promise<Started> {
  await importInTurn(SERVICE_PARTS, wanted)
  const { startBrowserServices } = await import('../mocks/browser.ts')
  const started = await startBrowserServices(workerPlace())
  keepOfflineCopy()
  return started
}

/**
 * The services, started once; a start that failed is tried again by the next run. Started in idle
 * time, they hurry once a run waits for them.
 */
function lazyServices(): { start: () => Promise<Started>; services: EmulatedServices } {
  let starting: Promise<Started> | undefined
  let runWaits = () => {}
  const wanted = new Promise<void>((resolve) => (runWaits = resolve))
  const start = () =>
    (starting ??= startServices(wanted).catch((error: unknown) => {
      starting = undefined
      throw new Error(`The emulated services could not start: ${String(error)}`, { cause: error })
    }))
  const services: EmulatedServices = {
    async useTenant(fixture, clock, faults = []) {
      runWaits()
      const [started, { createTenant }, { tenantHostDeps }] = await Promise.all([
        start(),
        import('../mocks/tenant.ts'),
        import('./engine/tenant-host.ts'),
      ])
      // The emulated services read the run's clock, so token lifetimes and trace times agree.
      const tenant = createTenant(fixture, { now: clock.now, newId: () => crypto.randomUUID() })
      // A latency fault skips ahead on the run's clock, as a sync cycle does: the page never stalls.
      started.serve(tenant, { armed: faults, wait: clock.advance })
      return tenantHostDeps(tenant)
    },
  }
  return { start, services }
}

/**
 * Where the service worker lives: under the app's base path, so a build copied to `/tracer/` on
 * any static host registers its worker there. A build uses the offline worker (the app's files
 * and recordings cached, then MSW's worker); the dev server uses MSW's worker with a claim on
 * request (public/claiming-worker.js).
 */
function workerPlace(): { workerUrl: string; scope: string } {
  const base = import.meta.env.BASE_URL
  const file = __STATIC_BUILD__ ? 'offline-worker.js' : 'claiming-worker.js'
  return { workerUrl: `${base}${file}`, scope: base }
}

/** Asks the offline worker to cache whatever this build has that it has not cached yet. */
function keepOfflineCopy(): void {
  if (!__STATIC_BUILD__) return
  void navigator.serviceWorker?.ready.then((registration) =>
    registration.active?.postMessage({ type: 'PRECACHE' }),
  )
}

/**
 * A build's index.html holds the first screen, prerendered: hydrated when it is what this visit
 * shows, otherwise (hidden by the head script already) replaced. Either way the work runs as a
 * transition, which React splits into slices of a few milliseconds: no long task on the way in.
 */
function showPage(
  { createRoot, hydrateRoot }: typeof import('react-dom/client'),
  root: HTMLElement,
  page: ReactNode,
): void {
  if (root.firstElementChild && prerenderHolds(DISPLAY_STORAGE_KEY, DEFAULT_DISPLAY)) {
    startTransition(() => void hydrateRoot(root, page))
    return
  }
  root.replaceChildren()
  delete document.documentElement.dataset.prerender
  const created = createRoot(root)
  startTransition(() => created.render(page))
}

// React DOM, the app's modules and the start of the hydration were one task, the longest of a cold
// load (23–28 ms of thread CPU in a trace). Now React DOM, requested here at once, evaluates in a
// task of its own when its chunk arrives, the app's modules in this one, and the hydration starts
// in the next task after both.
const reactDom = import('react-dom/client')
const { start, services } = lazyServices()
void reactDom.then((client) =>
  inNextTask(() => {
    showPage(client, document.getElementById('root')!, <Page services={services} />)
    void warmUpWhenIdle(start)
  }),
)
