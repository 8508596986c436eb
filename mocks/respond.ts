import { ProtocolError, toWireError, type WireShape } from './protocol-error.ts'
import { serviceNow, type Tenant } from './tenant.ts'

type Resolver = (info: {
  request: Request
  params: Record<string, string | readonly string[] | undefined>
}) => Promise<Response> | Response

/**
 * Wraps a resolver so every refusal and every surprise becomes the service's own error body, and
 * a service the fixture marks as down answers 503 before doing anything.
 */
export function guarded(
  tenant: Tenant,
  shape: WireShape,
  service: 'drs' | 'azure-ad' | 'adfs',
  resolve: Resolver,
): Resolver {
  return async (info) => {
    try {
      if (tenant.fixture.unavailable?.includes(service)) {
        throw new ProtocolError(
          shape,
          503,
          shape === 'drs' ? 'ServiceUnavailable' : 'temporarily_unavailable',
          'The service is temporarily unavailable.',
        )
      }
      return await resolve(info)
    } catch (error) {
      return toWireError(error, shape, { now: serviceNow(tenant, service), newId: tenant.deps.newId })
    }
  }
}

/** Reads a JSON body, refusing anything that is not a JSON object. */
export async function readJsonObject(request: Request, shape: WireShape): Promise<Record<string, unknown>> {
  const text = await request.text()
  try {
    const value: unknown = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // fall through to the refusal below
  }
  throw new ProtocolError(
    shape,
    400,
    shape === 'drs' ? 'InvalidRequest' : 'invalid_request',
    'The request body is not a JSON object.',
  )
}

/** Reads an application/x-www-form-urlencoded body. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.text())
}
