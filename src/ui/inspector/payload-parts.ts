// What the page's inspector reads of a trace itself: a body as JSON, the JWKS the trace fetched, a
// copy button's name. Kept apart from find-payloads.ts, whose finders (and the XML parser they
// use) run in the decoder worker, not in the page.
import type { Exchange, Step } from '../../trace/schema.ts'
import type { Jwks } from './jwt.ts'

export function parseJson(body: string): unknown {
  const text = body.trim()
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The JWKS the trace fetched from Azure AD, if it did: the only basis for checking a token's signature. */
export function findJwks(steps: readonly Step[]): Jwks | undefined {
  for (const step of steps) {
    for (const exchange of step.exchanges) {
      const jwks = jwksOf(exchange)
      if (jwks) return jwks
    }
  }
  return undefined
}

/**
 * An exchange's JWKS, parsed once: the same object on every step of the cursor, so what decodes
 * with it (memoised on it) is not done again for a new but equal key set.
 */
const parsedJwks = new WeakMap<Exchange, Jwks | null>()

function jwksOf(exchange: Exchange): Jwks | undefined {
  const known = parsedJwks.get(exchange)
  if (known !== undefined) return known ?? undefined
  let jwks: Jwks | null = null
  if (exchange.request.url.endsWith('/common/discovery/keys') && exchange.response.status === 200) {
    const parsed = parseJson(exchange.response.body) as Jwks | undefined
    if (parsed && Array.isArray(parsed.keys)) jwks = parsed
  }
  parsedJwks.set(exchange, jwks)
  return jwks ?? undefined
}

/**
 * The name a copy button gives a payload: the last named part of where it was found, with the
 * array positions after it (`keys › 0 › x5c › 0` is `x5c[0]`, not `0`).
 */
export function copyName(where: string): string {
  const parts = where.split(' › ')
  const named = parts.findLastIndex((part) => !/^\d+$/.test(part))
  if (named < 0) return where
  return (
    parts[named] +
    parts
      .slice(named + 1)
      .map((index) => `[${index}]`)
      .join('')
  )
}
