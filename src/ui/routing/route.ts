/**
 * The page's address: which screen, which story, which step. Kept in the URL's hash so a reload
 * or a shared link opens the same screen. Anything unknown parses to a route that says so.
 */
export type Route =
  | { page: 'tracer' }
  | { page: 'gallery'; query: string }
  | { page: 'story'; storyId: string; mode: 'replay' | 'live'; step?: number }
  | { page: 'unknown'; hash: string }

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2)
  const params = new URLSearchParams(search)
  const parts = path.split('/').filter(Boolean)
  if (parts.length === 0) return { page: 'tracer' }
  if (parts[0] === 'gallery' && parts.length === 1) return { page: 'gallery', query: params.get('q') ?? '' }
  if (parts[0] === 'story' && parts.length === 2 && /^[a-z0-9-]+$/.test(parts[1]!)) {
    const step = Number(params.get('step'))
    return {
      page: 'story',
      storyId: parts[1]!,
      mode: params.get('mode') === 'live' ? 'live' : 'replay',
      ...(params.has('step') && Number.isInteger(step) && step >= 0 ? { step } : {}),
    }
  }
  return { page: 'unknown', hash }
}

export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'tracer':
      return '#/'
    case 'gallery':
      return route.query ? `#/gallery?q=${encodeURIComponent(route.query)}` : '#/gallery'
    case 'story': {
      const params = new URLSearchParams()
      if (route.mode === 'live') params.set('mode', 'live')
      if (route.step !== undefined) params.set('step', String(route.step))
      const search = params.toString()
      return `#/story/${route.storyId}${search ? `?${search}` : ''}`
    }
    case 'unknown':
      return route.hash
  }
}
