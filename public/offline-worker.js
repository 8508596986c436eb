/*
 * The page's service worker in a built app: the app shell and every recording kept for offline
 * use, then MSW's worker (the emulated services) for everything else. One worker per scope is all
 * a browser allows, so this one wraps MSW's rather than sitting beside it. Its fetch listener is
 * registered first: it answers the app's own files from the cache and stops there; any other
 * request (the emulated hosts) goes on to MSW's listener (imported through claiming-worker.js).
 *
 * `precache.json` is written by the build (vite.config.ts) and lists every file the build made.
 * The dev server has none, so in development nothing is cached and nothing is answered here.
 */
const CACHE = 'device-join-tracer-app'
const SCOPE = new URL(self.registration.scope)
const MANIFEST = new URL('precache.json', SCOPE).href

/** Fetches the build's file list and caches whatever is not cached yet; quiet when offline. */
async function precache() {
  const response = await fetch(MANIFEST, { cache: 'no-store' }).catch(() => undefined)
  if (!response || !response.ok) return
  const { files } = await response.json()
  const cache = await caches.open(CACHE)
  const urls = ['./', ...files].map((file) => new URL(file, SCOPE).href)
  for (const url of urls) {
    // index.html changes with every build; the hashed files never do.
    if (url !== SCOPE.href && (await cache.match(url))) continue
    const fresh = await fetch(url, { cache: 'no-store' }).catch(() => undefined)
    if (fresh && fresh.ok) await cache.put(url, fresh)
  }
  await cache.put(
    MANIFEST,
    new Response(JSON.stringify({ files }), { headers: { 'content-type': 'application/json' } }),
  )
}

// The copy is made while installing, so it is done by the time the worker activates: the page
// starts its services (and so this worker) in idle time after its first paint, and everything the
// copy costs lands in that warm-up rather than under a run or the cursor. Copying after activation
// instead was tried: a first visit's live run no longer waited for the copy, but the copy then ran
// beside whatever the visitor did first, and in the bench a live run's longest task went from 0 to
// 64-103 ms and stepping 2,000 exchanges from 4-6 to 13-16 frames over 20 ms, back to back. A page
// that starts while another page's worker installs waits for it (mocks/browser.ts). The page asks
// again after each load, so a newer build's files are cached while online.
addEventListener('install', (event) => event.waitUntil(precache()))
// MSW's worker unregisters itself when its last page closes ('CLIENT_CLOSED'), which would take
// the offline copy with it: the next visit, with no network, would find no worker at all. This
// listener runs first and keeps that message from MSW; its list of pages only keeps a closed one.
addEventListener('message', (event) => {
  if (event.data === 'CLIENT_CLOSED') event.stopImmediatePropagation()
  if (event.data && event.data.type === 'PRECACHE') event.waitUntil(precache())
})

addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE.href)) return
  const navigation = request.mode === 'navigate'
  event.stopImmediatePropagation()
  event.respondWith(fromCacheOrNetwork(request, navigation))
})

/**
 * Pages: the network first (a new build shows at once), the cached shell when there is none.
 * Files: the cache first (their names carry their content's hash), then the network.
 */
async function fromCacheOrNetwork(request, navigation) {
  const cache = await caches.open(CACHE)
  if (navigation) {
    const fresh = await fetch(request).catch(() => undefined)
    if (fresh && fresh.ok) {
      await cache.put(SCOPE.href, fresh.clone())
      return fresh
    }
    return (await cache.match(SCOPE.href)) || fresh || Response.error()
  }
  const url = request.url.split('#')[0]
  const cached = await cache.match(url, { ignoreSearch: false })
  if (cached) return cached
  return fetch(request)
}

importScripts('./claiming-worker.js')
