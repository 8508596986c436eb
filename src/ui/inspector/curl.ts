import type { Exchange } from '../../trace/schema.ts'

// Headers curl computes itself; copying them would only produce a wrong length.
const COMPUTED = new Set(['content-length', 'host'])

/** Quotes for a POSIX shell: single quotes, with each embedded quote closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * The request as a curl command line; secrets stay redacted as the trace holds them. Every value
 * from the trace is quoted, the method included, and each follows the option that consumes it
 * (`--url` too), so no value can become a command or an option of its own.
 */
export function toCurl(exchange: Exchange): string {
  const { method, url, headers, body } = exchange.request
  const parts = ['curl', '-X', shellQuote(method), '--url', shellQuote(url)]
  for (const [name, value] of Object.entries(headers))
    if (!COMPUTED.has(name.toLowerCase())) parts.push('-H', shellQuote(`${name}: ${value}`))
  if (body) parts.push('--data-raw', shellQuote(body))
  return parts.join(' ')
}
