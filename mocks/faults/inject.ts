import { getResponse, http, HttpResponse, type RequestHandler } from 'msw'
import { ProtocolError, toWireError } from '../protocol-error.ts'
import { serviceNow, type Tenant } from '../tenant.ts'
import { clockOf, exchangeOf, shapeOf, type ExchangeName, type Fault } from './catalogue.ts'

/** A fault armed for a run: it hits its exchange from the `from`-th time on (0, the default: every time). */
export interface ArmedFault {
  fault: Fault
  from?: number
}

/** The faults a host arms for a run, and how it lets time pass. */
export interface FaultInjection {
  armed: readonly ArmedFault[]
  /**
   * Lets `ms` pass before an answer goes out, on the run's clock: a headless run or the page skips
   * ahead (firing the device's deadlines on the way), server mode waits for real.
   */
  wait: (ms: number) => Promise<void> | void
}

interface FaultHost {
  tenant: Tenant
  wait: FaultInjection['wait']
}

/**
 * Puts the armed faults in front of a tenant's handlers: one handler that names each request with
 * the catalogue, lets it through untouched when no fault is armed for it, and otherwise answers it
 * as the fault says, asking the real handlers for the answer where the fault bends a real one.
 */
export function withFaults(handlers: RequestHandler[], tenant: Tenant, injection?: FaultInjection) {
  const armed = injection?.armed ?? []
  if (!injection || armed.length === 0) return handlers
  const host: FaultHost = { tenant, wait: injection.wait }
  const seen = new Map<ExchangeName, number>()
  const injector = http.all('*', async ({ request }) => {
    const exchange = exchangeOf({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await readableBody(request),
    })
    if (!exchange) return undefined
    const occurrence = seen.get(exchange) ?? 0
    seen.set(exchange, occurrence + 1)
    const hit = armed.find(({ fault, from = 0 }) => fault.exchange === exchange && occurrence >= from)
    if (!hit) return undefined
    return answer(hit.fault, () => getResponse(handlers, request), host)
  })
  return [injector, ...handlers]
}

/**
 * The body, to name the request by, without taking it from the handlers: a request whose body is
 * already locked (a client that gave up and aborted it mid-lookup) is named by its method and URL.
 */
async function readableBody(request: Request): Promise<string> {
  if (!request.body || request.bodyUsed || request.body.locked) return ''
  try {
    return await request.clone().text()
  } catch {
    return ''
  }
}

type RealAnswer = () => Promise<Response | undefined>

async function answer(fault: Fault, real: RealAnswer, host: FaultHost): Promise<Response> {
  const { effect, exchange } = fault
  switch (effect.kind) {
    case 'status':
      return errorAnswer(exchange, effect.status, host.tenant)
    case 'drop':
      // What fetch sees when the connection closes without an answer: a network error.
      return HttpResponse.error()
    case 'malformed':
      return proxyPage()
    case 'truncated':
      return truncate(await realOrMissing(real))
    case 'latency':
      await host.wait(effect.ms)
      return realOrMissing(real)
    case 'skew':
      return withOverride(
        host.tenant,
        { clockSkewMs: { [clockOf(exchange)!]: effect.minutes * 60_000 } },
        real,
      )
    case 'quota':
      return withOverride(host.tenant, { deviceQuota: 0 }, real)
  }
}

async function realOrMissing(real: RealAnswer): Promise<Response> {
  return (await real()) ?? new HttpResponse('No emulated handler answers this request.', { status: 404 })
}

/** Runs the real handler with the tenant bent for this one request, and straightens it after. */
async function withOverride(
  tenant: Tenant,
  override: Tenant['overrides'],
  real: RealAnswer,
): Promise<Response> {
  const before = tenant.overrides
  tenant.overrides = {
    ...before,
    ...override,
    clockSkewMs: { ...before.clockSkewMs, ...override.clockSkewMs },
  }
  try {
    return await realOrMissing(real)
  } finally {
    tenant.overrides = before
  }
}

/** The service's own error body for the status, as its error path renders it. */
function errorAnswer(exchange: ExchangeName, status: 500 | 503, tenant: Tenant): Response {
  const shape = shapeOf(exchange)
  if (shape === 'page') return httpSysPage(status)
  const error = shape === 'drs' ? DRS_ERRORS[status] : OAUTH_ERRORS[status]
  const clock = clockOf(exchange) ?? (shape === 'drs' ? 'drs' : shape === 'azure-ad' ? 'azure-ad' : 'adfs')
  return toWireError(new ProtocolError(shape, status, error, MESSAGES[status]), shape, {
    now: serviceNow(tenant, clock),
    newId: tenant.deps.newId,
  })
}

const DRS_ERRORS = { 500: 'InternalServerError', 503: 'ServiceUnavailable' } as const
const OAUTH_ERRORS = { 500: 'server_error', 503: 'temporarily_unavailable' } as const
const MESSAGES = {
  500: 'The service hit an unexpected error.',
  503: 'The service is temporarily unavailable.',
} as const

// A web page's server (AD FS's sign-in pages, the MDM portal) down: HTTP.sys answers with its own page.
function httpSysPage(status: 500 | 503): Response {
  const title = status === 503 ? 'Service Unavailable' : 'Internal Server Error'
  return new HttpResponse(
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
    {
      status,
      headers: { 'content-type': 'text/html' },
    },
  )
}

/**
 * What a device most often gets instead of the service's answer: a proxy's own sign-in page, with
 * 200, where JSON or XML was expected (diagnostics.md: E_INVALIDDATA, "typically a proxy").
 */
function proxyPage(): Response {
  return new HttpResponse(
    '<!DOCTYPE html><html><head><title>Proxy sign-in</title></head><body><form method="post" action="https://proxy.contoso.com/login">' +
      '<label>User <input name="user"></label><label>Password <input name="password" type="password"></label>' +
      '<button>Sign in</button></form></body></html>',
    { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
}

/** The real answer cut off halfway, as a connection that closed mid-body leaves it. */
async function truncate(response: Response): Promise<Response> {
  const body = await response.text()
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new HttpResponse(body.slice(0, Math.floor(body.length / 2)), { status: response.status, headers })
}
