import type { FramePosition } from '../session/tracer-store.ts'

export type Theme = 'system' | 'light' | 'dark'
export const THEMES: readonly Theme[] = ['system', 'light', 'dark']

/** How the page looks, when a link says so: presenter mode and theme. */
export interface LinkDisplay {
  presenter?: boolean
  theme?: Theme
}

/**
 * The page's address: which screen, which story, which frame, and how it looks. Kept in the URL's
 * hash so a reload or a shared link opens the same screen. Anything unknown parses to a route
 * that says so.
 */
export type Route = (
  | { page: 'tracer' }
  | { page: 'gallery'; query: string }
  | { page: 'story'; storyId: string; mode: 'replay' | 'live'; at?: FramePosition }
  | { page: 'unknown'; hash: string }
) & { display?: LinkDisplay }

/** The address's hash; empty where there is no address (the build prerendering the first screen). */
export function currentHash(): string {
  return typeof window === 'undefined' ? '' : window.location.hash
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2)
  const params = new URLSearchParams(search)
  const parts = path.split('/').filter(Boolean)
  const display = displayOf(params)
  const extra = display ? { display } : {}
  if (parts.length === 0) return { page: 'tracer', ...extra }
  if (parts[0] === 'gallery' && parts.length === 1)
    return { page: 'gallery', query: params.get('q') ?? '', ...extra }
  if (parts[0] === 'story' && parts.length === 2 && /^[a-z0-9-]+$/.test(parts[1]!)) {
    const at = positionOf(params)
    return {
      page: 'story',
      storyId: parts[1]!,
      mode: params.get('mode') === 'live' ? 'live' : 'replay',
      ...(at ? { at } : {}),
      ...extra,
    }
  }
  return { page: 'unknown', hash }
}

/** `frame=N` counts as the page's frame counter does (from 1); old links' `step=N` still open. */
function positionOf(params: URLSearchParams): FramePosition | undefined {
  const frame = wholeNumber(params.get('frame'))
  if (frame !== undefined && frame >= 1) return { frame }
  const step = wholeNumber(params.get('step'))
  return step === undefined ? undefined : { step }
}

function wholeNumber(text: string | null): number | undefined {
  if (text === null || !/^\d{1,9}$/.test(text)) return undefined
  return Number(text)
}

function displayOf(params: URLSearchParams): LinkDisplay | undefined {
  const display: LinkDisplay = {}
  const presenter = params.get('presenter')
  if (presenter === '1' || presenter === '0') display.presenter = presenter === '1'
  const theme = params.get('theme')
  if (THEMES.includes(theme as Theme)) display.theme = theme as Theme
  return Object.keys(display).length ? display : undefined
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams()
  const path = pathOf(route, params)
  if (route.page === 'unknown') return path
  if (route.display?.presenter !== undefined) params.set('presenter', route.display.presenter ? '1' : '0')
  if (route.display?.theme) params.set('theme', route.display.theme)
  const search = params.toString()
  return `${path}${search ? `?${search}` : ''}`
}

function pathOf(route: Route, params: URLSearchParams): string {
  switch (route.page) {
    case 'tracer':
      return '#/'
    case 'gallery':
      if (route.query) params.set('q', route.query)
      return '#/gallery'
    case 'story':
      if (route.mode === 'live') params.set('mode', 'live')
      if (route.at && 'frame' in route.at) params.set('frame', String(route.at.frame))
      if (route.at && 'step' in route.at) params.set('step', String(route.at.step))
      return `#/story/${route.storyId}`
    case 'unknown':
      return route.hash
  }
}
