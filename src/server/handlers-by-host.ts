import type { RequestHandler } from 'msw'

/**
 * The handlers that can answer a host, in their order: those whose path is a URL on that host, and
 * those that match by predicate or wildcard (they may answer any host). MSW tries every handler it
 * is given in turn, and matching a request against all of them cost about three times what the
 * host's own did (0.9 against 0.3 ms a request); a tunnel knows its host before any request.
 */
export function handlersByHost<Handler extends RequestHandler>(
  handlers: readonly Handler[],
  hosts: Iterable<string>,
): Map<string, Handler[]> {
  const hostOf = (handler: RequestHandler): string | undefined => {
    const path = (handler.info as { path?: unknown }).path
    if (typeof path !== 'string' || path.includes('*')) return undefined
    try {
      return new URL(path).host.toLowerCase()
    } catch {
      return undefined // a relative path: it could match any host
    }
  }
  const byHandler = handlers.map((handler) => ({ handler, host: hostOf(handler) }))
  return new Map(
    [...hosts].map((host) => [
      host,
      byHandler
        .filter((entry) => entry.host === undefined || entry.host === host)
        .map((entry) => entry.handler),
    ]),
  )
}

const byMethod = new WeakMap<readonly RequestHandler[], Map<string, RequestHandler[]>>()

/**
 * Of a host's handlers, those that can answer this method, in their order: a handler for another
 * method never matches, but MSW parses the request (URL and cookies) for every handler it tries
 * before it looks at the method.
 */
export function handlersForMethod<Handler extends RequestHandler>(
  handlers: readonly Handler[],
  method: string,
): Handler[] {
  let methods = byMethod.get(handlers)
  if (!methods) byMethod.set(handlers, (methods = new Map()))
  const key = method.toUpperCase()
  let matching = methods.get(key) as Handler[] | undefined
  if (!matching) {
    matching = handlers.filter((handler) => {
      const wanted = (handler.info as { method?: unknown }).method
      return typeof wanted !== 'string' || wanted.toUpperCase() === key
    })
    methods.set(key, matching)
  }
  return matching
}
