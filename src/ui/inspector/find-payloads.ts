import { findFederationPayloads } from '../../decode/ws-trust.ts'
import { fromBase64 } from '../../device/encoding.ts'
import type { Artifacts, Exchange, Step } from '../../trace/schema.ts'
import { formFields, isFormBody } from './form.ts'
import { isJwt, type Jwks } from './jwt.ts'
import { isTransportKeyBlob } from './transport-key.ts'

export type PayloadKind = 'jwt' | 'certificate' | 'csr' | 'der' | 'transport-key' | 'saml' | 'ws-trust'

/** A value worth decoding, and where it was found (`response body › access_token`). */
export interface Payload {
  kind: PayloadKind
  where: string
  value: string
}

const MIN_BASE64 = 64

/** What kind of decodable thing a string is, by its content alone, so new flows need no table. */
export function classify(value: string): PayloadKind | undefined {
  const text = value.trim()
  if (isJwt(text)) return 'jwt'
  if (
    text.startsWith('-----BEGIN CERTIFICATE REQUEST-----') ||
    text.startsWith('-----BEGIN NEW CERTIFICATE REQUEST-----')
  )
    return 'csr'
  if (text.startsWith('-----BEGIN CERTIFICATE-----')) return 'certificate'
  if (text.length < MIN_BASE64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined
  const bytes = safeBase64(text)
  if (!bytes) return undefined
  if (isTransportKeyBlob(bytes)) return 'transport-key'
  return bytes[0] === 0x30 ? 'der' : undefined // a DER SEQUENCE: a certificate or a request
}

function safeBase64(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text)
  } catch {
    return undefined
  }
}

/** Every decodable value in an exchange: bearer tokens, JSON string fields, form fields. */
export function findPayloads(exchange: Exchange): Payload[] {
  const found: Payload[] = []
  const bearer = /^Bearer\s+(\S+)$/i.exec(exchange.request.headers.authorization ?? '')?.[1]
  if (bearer && isJwt(bearer))
    found.push({ kind: 'jwt', where: 'request header › Authorization', value: bearer })
  scanBody(exchange.request.body, exchange.request.headers['content-type'], 'request body', found)
  scanBody(exchange.response.body, exchange.response.headers['content-type'], 'response body', found)
  return found
}

function scanBody(body: string, contentType: string | undefined, where: string, found: Payload[]): void {
  const json = parseJson(body)
  if (json !== undefined) return walkJson(json, where, found)
  if (body && isFormBody(body, contentType)) {
    for (const [name, value] of formFields(body)) push(value, `${where} › ${name}`, found)
    return
  }
  push(body, where, found)
}

function walkJson(value: unknown, where: string, found: Payload[]): void {
  if (typeof value === 'string') return push(value, where, found)
  if (value === null || typeof value !== 'object') return
  for (const [key, inner] of Object.entries(value)) walkJson(inner, `${where} › ${nameOf(value, key)}`, found)
}

/**
 * A key as a reader would name it: an LDAP modification's `values` are the values of the attribute
 * it names, so a certificate there reads `userCertificate › 0`, not `values › 0`.
 */
function nameOf(container: object, key: string): string {
  const { attribute, values } = container as { attribute?: unknown; values?: unknown }
  return key === 'values' && typeof attribute === 'string' && Array.isArray(values) ? attribute : key
}

function push(value: string, where: string, found: Payload[]): void {
  const federation = findFederationPayloads(value, where)
  if (federation.length > 0) return void found.push(...federation)
  const kind = classify(value)
  if (kind) found.push({ kind, where, value: value.trim() })
}

export function parseJson(body: string): unknown {
  const text = body.trim()
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The artifacts a finished run left, as payloads the inspector can open. */
export function artifactPayloads(artifacts: Artifacts): Payload[] {
  const found: Payload[] = []
  for (const [name, value] of Object.entries(artifacts))
    if (typeof value === 'string') push(value, `artifact › ${name}`, found)
  return found
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
