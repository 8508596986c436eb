import { http } from 'msw'
import { ProtocolError, type WireShape } from './protocol-error.ts'
import { guarded } from './respond.ts'
import type { Tenant } from './tenant.ts'
import { DRS, LOGIN } from './well-known.ts'

/** Whether a path's percent-escapes decode to UTF-8: `%FF` and a cut `%E0%A4%A` do not. */
function hasMalformedEscapes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname)
    return false
  } catch {
    return true
  }
}

interface Service {
  origin: string
  shape: (pathname: string) => WireShape
  service: 'drs' | 'azure-ad' | 'adfs'
}

/**
 * Answers a path whose escapes are not UTF-8 with 400 in the service's own error shape. MSW
 * decodes route parameters while it looks for a handler and would throw a URIError (a 500) before
 * any service saw the request, so these handlers come first and match by predicate, not by path.
 * [unconfirmed: the real front ends may answer such a URL with HTTP.sys's own 400 page instead]
 */
export function createMalformedPathHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  const services: Service[] = [
    { origin: LOGIN, shape: () => 'azure-ad', service: 'azure-ad' },
    { origin: DRS, shape: () => 'drs', service: 'drs' },
    ...(stsHost
      ? [
          {
            origin: `https://${stsHost.toLowerCase()}`,
            shape: (path: string): WireShape =>
              path.startsWith('/adfs/services/trust') ? 'ws-trust' : 'adfs',
            service: 'adfs' as const,
          },
        ]
      : []),
  ]
  return services.map(({ origin, shape, service }) =>
    http.all(
      ({ request }) => {
        const url = new URL(request.url)
        return url.origin === origin && hasMalformedEscapes(url.pathname)
      },
      ({ request }) => {
        const wire = shape(new URL(request.url).pathname)
        return guarded(tenant, wire, service, () => {
          throw refusal(wire)
        })({ request, params: {} })
      },
    ),
  )
}

function refusal(shape: WireShape): ProtocolError {
  const message = 'The request path is not valid percent-encoded UTF-8.'
  switch (shape) {
    case 'drs':
      return new ProtocolError(shape, 400, 'InvalidRequest', message)
    case 'ws-trust':
      return new ProtocolError(shape, 400, 'a:InvalidRequest', message)
    default:
      return new ProtocolError(shape, 400, 'invalid_request', message)
  }
}
