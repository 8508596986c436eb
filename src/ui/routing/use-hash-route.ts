import { useCallback, useEffect, useRef, useState } from 'react'
import type { TracerStore } from '../session/tracer-store.ts'
import { currentHash, formatRoute, parseRoute, type LinkDisplay, type Route } from './route.ts'

// The first route is opened once per store, even though StrictMode runs effects twice.
const opened = new WeakSet<TracerStore>()

/**
 * Keeps the page and its address in step: a story link opens that story (at its frame), and while
 * a story plays the address follows the cursor and names the look (presenter mode, theme), so a
 * reload or a copied link reopens the same screen.
 */
export function useHashRoute(
  store: TracerStore,
  display: Required<LinkDisplay>,
  onDisplay: (display: LinkDisplay) => void,
): {
  route: Route
  problem?: string
  navigate: (route: Route) => void
} {
  const [route, setRoute] = useState<Route>(() => parseRoute(currentHash()))
  const [problem, setProblem] = useState<string | undefined>(() => problemOf(route))
  const look = useRef(display)
  const openStory = useCallback(
    (next: Route) => {
      if (next.page === 'story') void store.openStory(next.storyId, next.mode, next.at).then(setProblem)
    },
    [store],
  )
  useEffect(() => {
    if (!opened.has(store)) {
      opened.add(store)
      openStory(parseRoute(window.location.hash))
    }
    const onHashChange = () => {
      const next = parseRoute(window.location.hash)
      setRoute(next)
      setProblem(problemOf(next))
      if (next.display) onDisplay(next.display)
      openStory(next)
    }
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [store, openStory, onDisplay])
  useEffect(() => store.subscribe(() => followCursor(store, look.current)), [store])
  useEffect(() => {
    look.current = display
    followCursor(store, display)
  }, [store, display])
  const navigate = useCallback((next: Route) => {
    window.history.replaceState(null, '', formatRoute(next))
    setRoute(next)
  }, [])
  return { route, problem, navigate }
}

// While a story is on screen, the address names its frame; replaceState adds no history entries.
function followCursor(store: TracerStore, display: LinkDisplay): void {
  const current = parseRoute(window.location.hash)
  if (current.page === 'gallery' || current.page === 'unknown') return
  const { storyId, run, cursor } = store.getState()
  if (run.origin === 'file' || run.origin === 'server' || run.status === 'idle') return
  const next = formatRoute({
    page: 'story',
    storyId,
    mode: 'replay',
    ...(cursor >= 0 ? { at: { frame: cursor + 1 } } : {}),
    display,
  })
  if (next !== window.location.hash) window.history.replaceState(null, '', next)
}

function problemOf(route: Route): string | undefined {
  return route.page === 'unknown' ? `The link "${route.hash}" does not name a page of this app.` : undefined
}
