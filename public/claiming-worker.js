/*
 * MSW's service worker with one message more: 'CLAIM', which takes control of every page in scope
 * that has none. The dev server registers this file; the built app's offline-worker.js imports it.
 *
 * Why: MSW's start() reloads a page that has no controller beside an active worker, under
 * whatever the user was doing. A page gets there by a hard reload (Ctrl+Shift+R bypasses the
 * worker), or when its navigation began while the worker was still installing (another tab had just
 * registered it) and the activation's claim came before the page was ready: measured in Chromium
 * 1 in 20 to 40 times, closing a fresh tab about a second after it opened and opening another.
 * The page asks to be claimed before MSW starts (mocks/browser.ts); Chromium's claim takes both.
 */
addEventListener('message', (event) => {
  if (event.data === 'CLAIM') event.waitUntil(self.clients.claim())
})

importScripts('./mockServiceWorker.js')
