/**
 * Starts the app's entry module once the prerendered first screen has been painted, instead of
 * letting the browser fetch, compile and run it alongside that first paint.
 *
 * Why: on a 2-core machine the entry (React DOM and the app, about 450 KB of JavaScript to compile),
 * the hydration it starts and the DOMContentLoaded work it holds back (Chromium's form scan forces
 * a layout per form control) ran while the first frame was still being laid out and rasterised,
 * and took the cores the first paint needed. Traced cold loads (docs/performance.md, "What the
 * first paint waits for") put the first contentful paint 150–300 ms later with the scripts than
 * without them; the prerendered screen needs none of them to be seen.
 *
 * It runs inline in index.html's head as a module script, so once the parse is done (the build
 * writes the stylesheet into the page as well: no request to wait for), and it stands alone: no
 * imports, nothing from outside but its arguments and the page's globals. It starts at once when there is no
 * prerendered screen to wait for (the head script hid it, so React renders the page from scratch),
 * when the page is not visible or stops being so before its paint (a hidden page paints nothing),
 * or when the browser does not report paints; and at the latest after `latestMs`, in case a paint
 * is never reported.
 */
export function startAfterFirstPaint(entry: string, preloads: readonly string[], latestMs: number): void {
  let started = false
  const start = () => {
    if (started) return
    started = true
    for (const href of preloads) {
      const link = document.createElement('link')
      link.rel = 'modulepreload'
      link.crossOrigin = ''
      link.href = href
      document.head.append(link)
    }
    const script = document.createElement('script')
    script.type = 'module'
    script.crossOrigin = ''
    script.src = entry
    document.head.append(script)
  }
  const waitable =
    document.documentElement.dataset.prerender !== 'stale' &&
    document.visibilityState === 'visible' &&
    typeof PerformanceObserver === 'function' &&
    PerformanceObserver.supportedEntryTypes.includes('paint')
  if (!waitable) {
    start()
    return
  }
  // Buffered: a paint presented before this ran is reported too.
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('first-contentful-paint').length === 0) return
    observer.disconnect()
    start()
  }).observe({ type: 'paint', buffered: true })
  document.addEventListener('visibilitychange', start, { once: true })
  setTimeout(start, latestMs)
}
