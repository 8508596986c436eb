import type { Exchange } from '../../../trace/schema.ts'

// Headers the client computes itself; copying them would only produce a wrong length or host.
const COMPUTED = new Set(['content-length', 'host'])

/**
 * A PowerShell single-quoted string: nothing inside expands ($, backtick, subexpressions), and the
 * only character to escape is the quote itself, by doubling. PowerShell takes the typographic
 * single quotes (U+2018–U+201B) as quotes too, so they are doubled as well.
 */
export function powerShellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`
}

/**
 * The request as `Invoke-WebRequest`, what Windows admins reach for. Written for Windows
 * PowerShell 5.1 as well as PowerShell 7: Content-Type and User-Agent have parameters of their own
 * there (5.1 refuses them in -Headers), and -UseBasicParsing avoids the Internet Explorer engine.
 */
export function toPowerShell(exchange: Exchange): string {
  const { method, url, headers, body } = exchange.request
  const lines = [
    `Invoke-WebRequest -UseBasicParsing -Method ${powerShellQuote(method)} -Uri ${powerShellQuote(url)}`,
  ]
  const rest: string[] = []
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (COMPUTED.has(lower)) continue
    if (lower === 'content-type') lines.push(`-ContentType ${powerShellQuote(value)}`)
    else if (lower === 'user-agent') lines.push(`-UserAgent ${powerShellQuote(value)}`)
    else rest.push(`${powerShellQuote(name)} = ${powerShellQuote(value)}`)
  }
  if (rest.length > 0) lines.push(`-Headers @{ ${rest.join('; ')} }`)
  if (body) lines.push(`-Body ${powerShellQuote(body)}`)
  // A backtick at the end of a line continues the command on the next.
  return lines.join(' `\n  ')
}

/** The request as a `fetch` call; every value is a JSON string literal, so none can become code. */
export function toFetch(exchange: Exchange): string {
  const { method, url, headers, body } = exchange.request
  const kept = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !COMPUTED.has(name.toLowerCase())),
  )
  const init: Record<string, unknown> = { method, headers: kept }
  if (body) init.body = body
  return `await fetch(${JSON.stringify(url)}, ${JSON.stringify(init, null, 2)})`
}
