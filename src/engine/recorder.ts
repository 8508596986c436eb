import { laneForUrl, type Lane } from '../trace/lanes.ts'
import type { Exchange } from '../trace/schema.ts'

/** Form and JSON fields whose values never reach a trace (compared without case: AD FS posts `Password`). */
const SECRET_FIELDS = ['password', 'client_secret', 'verificationcode']
export const REDACTED = '[redacted]'

export interface ExchangeSink {
  /** Called when a request starts; returns where its exchange will be filed (the current step). */
  open: () => (exchange: Exchange) => void
  /** Milliseconds since the run started, on the run clock. */
  elapsed: () => number
  nextId: () => string
}

/** Wraps fetch so every request and its response become an exchange of protocol `http`. */
export function recordingFetch(inner: typeof fetch, sink: ExchangeSink, from: Lane = 'device'): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const file = sink.open()
    const at = sink.elapsed()
    const requestBody = request.body ? await request.clone().text() : ''
    const response = await inner(request)
    file({
      id: sink.nextId(),
      protocol: 'http',
      from,
      to: laneForUrl(request.url),
      at,
      request: {
        method: request.method,
        url: request.url,
        headers: headersOf(request.headers),
        body: redact(requestBody),
      },
      response: {
        status: response.status,
        headers: headersOf(response.headers),
        body: await response.clone().text(),
      },
    })
    return response
  }
}

function headersOf(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers.entries())
}

/** Blanks secrets in a form-encoded or JSON body; anything else passes unchanged. */
export function redact(body: string): string {
  const isSecret = (name: string) => SECRET_FIELDS.includes(name.toLowerCase())
  const trimmed = body.trim()
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as Record<string, unknown>
      for (const field of Object.keys(value)) if (isSecret(field)) value[field] = REDACTED
      return JSON.stringify(value)
    } catch {
      return body
    }
  }
  if (!/^[^\s=&]+=[^\s]*$/.test(trimmed)) return body // not a form body
  const form = new URLSearchParams(body)
  for (const field of [...form.keys()]) if (isSecret(field)) form.set(field, REDACTED)
  return form.toString()
}
