import type { JoinErrorCode } from '../trace/outcome.ts'
import { JoinError } from './errors.ts'

/** Sends a request; a network failure or a server error becomes SERVICE_UNAVAILABLE. */
export async function send(fetcher: typeof fetch, url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response
  try {
    response = await fetcher(url, init)
  } catch (error) {
    throw new JoinError(
      'SERVICE_UNAVAILABLE',
      `${new URL(url).host} did not answer: ${(error as Error).message}`,
      { cause: error },
    )
  }
  if (response.status >= 500) {
    throw new JoinError('SERVICE_UNAVAILABLE', `${new URL(url).host} answered HTTP ${response.status}.`, {
      cause: await response.text(),
    })
  }
  return response
}

/** Reads a JSON object body; anything else is RESPONSE_MALFORMED. */
export async function readJson(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text()
  try {
    const value: unknown = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // reported below
  }
  throw new JoinError('RESPONSE_MALFORMED', `The ${what} is not a JSON object.`, { cause: text })
}

/** Reads a string member, failing with the member's name in quotes when it is missing. */
export function requireString(body: Record<string, unknown>, path: string, what: string): string {
  const value = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body)
  if (typeof value !== 'string' || value === '') {
    throw new JoinError('RESPONSE_MALFORMED', `The ${what} has no "${path}".`, { cause: body })
  }
  return value
}

/** Turns an Azure AD or DRS error body into a JoinError with the service's own words. */
export function serviceError(code: JoinErrorCode, body: Record<string, unknown>, status: number): JoinError {
  const description = body.error_description ?? body.Message ?? body.error ?? body.ErrorType
  const firstLine = typeof description === 'string' ? description.split('\r\n')[0] : `HTTP ${status}`
  return new JoinError(code, firstLine ?? `HTTP ${status}`, { cause: body })
}
