import { findFederationPayloads } from '../../decode/ws-trust.ts'
import { fromBase64 } from '../../device/encoding.ts'
import type { Artifacts, Exchange } from '../../trace/schema.ts'
import { formFields, isFormBody } from './form.ts'
import { isJwt } from './jwt.ts'
import { parseJson } from './payload-parts.ts'
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

/** The artifacts a finished run left, as payloads the inspector can open. */
export function artifactPayloads(artifacts: Artifacts): Payload[] {
  const found: Payload[] = []
  for (const [name, value] of Object.entries(artifacts))
    if (typeof value === 'string') push(value, `artifact › ${name}`, found)
  return found
}
