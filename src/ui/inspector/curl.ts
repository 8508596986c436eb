import type { Exchange } from '../../trace/schema.ts'

// Headers curl computes itself; copying them would only produce a wrong length.
const COMPUTED = new Set(['content-length', 'host'])

/** Quotes for a POSIX shell: single quotes, with each embedded quote closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** The request as a curl command line; secrets stay redacted as the trace holds them. */
export function toCurl(exchange: Exchange): string {
  const { method, url, headers, body } = exchange.request
  const parts = ['curl', '-X', method, shellQuote(url)]
  for (const [name, value] of Object.entries(headers))
    if (!COMPUTED.has(name.toLowerCase())) parts.push('-H', shellQuote(`${name}: ${value}`))
  if (body) parts.push('--data-raw', shellQuote(body))
  return parts.join(' ')
}
