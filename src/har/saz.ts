import { Gunzip, Inflate, Unzip, UnzipInflate } from 'fflate'
import { child, readXml } from '../decode/xml.ts'
import { harToTrace, type HarImport } from './import.ts'

/**
 * Fiddler's session archive (.saz): a zip holding, per session N, `raw/N_c.txt` (the request as
 * sent, raw HTTP), `raw/N_s.txt` (the response as received) and `raw/N_m.xml` (Fiddler's
 * metadata, whose `SessionTimers` say when the client began the request and when it had the whole
 * response). Each session becomes a HAR entry, and the HAR is read as any other tool's
 * (src/har/import.ts): classified request by request, its failure found.
 *
 * Every byte is hostile: only entries named as above are inflated, each and all together within a
 * size limit checked as they inflate (a zip bomb stops at the limit), the HTTP text is parsed
 * strictly, and anything else is a reason to refuse, never an exception.
 */
export const MAX_SAZ_BYTES = 20 * 1024 * 1024
const MAX_ENTRY_BYTES = 8 * 1024 * 1024
const MAX_TOTAL_BYTES = 48 * 1024 * 1024
const MAX_SESSIONS = 5000
/** Input is fed to the inflater this much at a time, so no single output chunk can be huge. */
const FEED_BYTES = 1024
const SESSION_ENTRY = /^raw\/(\d{1,6})_([csm])\.(?:txt|xml)$/

/** True when the bytes start as a zip archive does (a local file header, `PK\3\4`). */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/**
 * True when the end of central directory record (`PK\5\6`) sits where a whole archive has it: in
 * the last 22 bytes plus at most a 65,535-byte comment. A file cut short lacks it.
 */
function endsLikeZip(bytes: Uint8Array): boolean {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--)
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06)
      return true
  return false
}

/** A .saz file as a trace, or the reasons it cannot be one. */
export function sazToTrace(bytes: Uint8Array): HarImport {
  if (bytes.length > MAX_SAZ_BYTES)
    return refuse(
      `the file is ${kib(bytes.length)} KiB; a session archive is read up to ${kib(MAX_SAZ_BYTES)} KiB`,
    )
  if (!looksLikeZip(bytes)) return refuse('not a zip archive, so not a Fiddler session archive (.saz)')
  if (!endsLikeZip(bytes))
    return refuse(
      'the zip archive is cut short (its end of central directory is missing): save or copy it again',
    )
  const unzipped = unzipSessions(bytes)
  if (!unzipped.ok) return unzipped
  const numbers = [...new Set([...unzipped.files.keys()].map((name) => SESSION_ENTRY.exec(name)![1]!))]
  if (numbers.length === 0) return refuse('the archive holds no Fiddler sessions (no raw/N_c.txt files)')
  if (numbers.length > MAX_SESSIONS)
    return refuse(`the archive holds ${numbers.length} sessions; at most ${MAX_SESSIONS} are read`)
  const problems: string[] = []
  // A session without Fiddler's timers takes the start of the one before it, keeping its place.
  let previous = 0
  const entries = numbers
    .sort((a, b) => Number(a) - Number(b))
    .flatMap((number) => {
      const entry = sessionEntry(number, unzipped.files, previous)
      if (typeof entry !== 'string') previous = Date.parse(entry.startedDateTime)
      if (typeof entry === 'string') problems.push(`session ${number}: ${entry}`)
      return typeof entry === 'string' ? [] : [entry]
    })
  if (entries.length === 0) return refuse(...problems.slice(0, 10))
  const imported = harToTrace(JSON.stringify({ log: { version: '1.2', entries } }))
  // Sessions that could not be read count with the requests that are not part of a registration.
  return imported.ok ? { ...imported, ignored: imported.ignored + problems.length } : imported
}

type Unzipped = { ok: true; files: Map<string, Uint8Array> } | { ok: false; errors: string[] }

function unzipSessions(bytes: Uint8Array): Unzipped {
  const files = new Map<string, Uint8Array>()
  let total = 0
  const unzip = new Unzip((file) => {
    if (!SESSION_ENTRY.test(file.name)) return // never inflated
    const chunks: Uint8Array[] = []
    let size = 0
    file.ondata = (error, chunk, final) => {
      if (error) throw error
      size += chunk.length
      total += chunk.length
      if (size > MAX_ENTRY_BYTES) throw new SazError(`${file.name} inflates past ${kib(MAX_ENTRY_BYTES)} KiB`)
      if (total > MAX_TOTAL_BYTES) throw new SazError(`the sessions inflate past ${kib(MAX_TOTAL_BYTES)} KiB`)
      chunks.push(chunk)
      if (final) files.set(file.name, concat(chunks, size))
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  try {
    for (let at = 0; at < bytes.length; at += FEED_BYTES)
      unzip.push(bytes.subarray(at, at + FEED_BYTES), at + FEED_BYTES >= bytes.length)
  } catch (error) {
    // fflate names what it cannot read: "unknown compression type 99" is a password-protected archive.
    const message = error instanceof Error ? error.message : String(error)
    return refuse(
      error instanceof SazError
        ? message
        : /compression type 99/.test(message)
          ? 'the archive is password-protected (AES); save the sessions again without a password'
          : `the zip archive cannot be read: ${message}`,
    )
  }
  return { ok: true, files }
}

class SazError extends Error {}

/** The part of a HAR entry this reader fills in (src/har/import.ts reads the rest as absent). */
interface HarEntry {
  startedDateTime: string
  time?: number
  request: {
    method: string
    url: string
    headers: Array<{ name: string; value: string }>
    postData?: { text: string }
  }
  response: { status: number; headers: Array<{ name: string; value: string }>; content: { text: string } }
}

/** One session as a HAR entry, or what is wrong with it. */
function sessionEntry(number: string, files: Map<string, Uint8Array>, previous: number): HarEntry | string {
  const requestBytes = files.get(`raw/${number}_c.txt`)
  const responseBytes = files.get(`raw/${number}_s.txt`)
  if (!requestBytes) return 'no request (raw/N_c.txt)'
  const request = parseMessage(requestBytes, REQUEST_LINE)
  if (typeof request === 'string') return `request: ${request}`
  const [method = '', target = ''] = request.startLine
  if (method === 'CONNECT') return 'a CONNECT tunnel, not a request'
  const url = absoluteUrl(target, request.headers)
  if (!url) return `request: ${JSON.stringify(target.slice(0, 80))} is not a URL`
  const response = responseBytes ? parseMessage(responseBytes, STATUS_LINE) : undefined
  if (typeof response === 'string') return `response: ${response}`
  const timers = sessionTimers(files.get(`raw/${number}_m.xml`))
  return {
    startedDateTime: new Date(timers.started ?? previous).toISOString(),
    ...(timers.duration === undefined ? {} : { time: timers.duration }),
    request: {
      method,
      url,
      headers: request.headers,
      ...(request.body ? { postData: { text: request.body } } : {}),
    },
    response: {
      // No response: Fiddler kept a request that never got an answer, as HAR writes it.
      status: response ? Number(response.startLine[0]) : 0,
      headers: response?.headers ?? [],
      content: { text: response?.body ?? '' },
    },
  }
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/\d(?:\.\d)?$/
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: .*)?$/
const MAX_HEADERS = 200

interface Message {
  startLine: string[]
  headers: Array<{ name: string; value: string }>
  body: string
}

/** Raw HTTP/1.x as Fiddler saved it: a start line, headers, an empty line, the body as sent. */
function parseMessage(bytes: Uint8Array, startLine: RegExp): Message | string {
  const split = headEnd(bytes)
  // Header bytes are ISO-8859-1 by HTTP's rules; the body is decoded on its own below.
  const lines = new TextDecoder('latin1')
    .decode(bytes.subarray(0, split.head))
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
  const first = startLine.exec(lines[0] ?? '')
  if (!first) return `${JSON.stringify((lines[0] ?? '').slice(0, 80))} is not an HTTP start line`
  if (lines.length - 1 > MAX_HEADERS) return `more than ${MAX_HEADERS} header lines`
  const headers: Message['headers'] = []
  for (const line of lines.slice(1)) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon <= 0) return `${JSON.stringify(line.slice(0, 80))} is not a header`
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() })
  }
  const body = decodeBody(bytes.subarray(split.body), headers)
  return body.ok ? { startLine: first.slice(1), headers, body: body.text } : body.reason
}

function headEnd(bytes: Uint8Array): { head: number; body: number } {
  for (let index = 0; index + 1 < bytes.length; index++) {
    if (bytes[index] !== 0x0a) continue
    if (bytes[index + 1] === 0x0a) return { head: index, body: index + 2 }
    if (bytes[index + 1] === 0x0d && bytes[index + 2] === 0x0a) return { head: index, body: index + 3 }
  }
  return { head: bytes.length, body: bytes.length }
}

/**
 * The body as text, undoing what Fiddler keeps as it came over the wire: chunked transfer coding,
 * then gzip or deflate (bounded like the archive's entries). Other codings and binary bodies are
 * named, not shown.
 */
function decodeBody(
  raw: Uint8Array,
  headers: Message['headers'],
): { ok: true; text: string } | { ok: false; reason: string } {
  const header = (name: string) =>
    headers.find((entry) => entry.name.toLowerCase() === name)?.value.toLowerCase() ?? ''
  let bytes = raw
  if (header('transfer-encoding').includes('chunked')) {
    const unchunked = unchunk(bytes)
    if (!unchunked) return { ok: false, reason: 'the chunked body is malformed' }
    bytes = unchunked
  }
  const coding = header('content-encoding')
  if (coding === 'gzip' || coding === 'deflate') {
    const inflated = inflateBounded(bytes, coding)
    if (typeof inflated === 'string') return { ok: false, reason: inflated }
    bytes = inflated
  } else if (coding && coding !== 'identity')
    return { ok: true, text: `[${coding}-encoded body, ${bytes.length} bytes, not decoded]` }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: true, text: `[binary body, ${bytes.length} bytes]` }
  }
}

function unchunk(bytes: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = []
  let at = 0
  let size = 0
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf(0x0a, at)
    if (lineEnd < 0) return undefined
    const sizeLine = new TextDecoder('latin1').decode(bytes.subarray(at, lineEnd)).trim().split(';')[0]!
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeLine)) return undefined
    const length = parseInt(sizeLine, 16)
    if (length === 0) return concat(parts, size)
    const start = lineEnd + 1
    if (start + length > bytes.length) return undefined
    parts.push(bytes.subarray(start, start + length))
    size += length
    at = start + length + (bytes[start + length] === 0x0d ? 2 : 1)
  }
  return undefined
}

function inflateBounded(bytes: Uint8Array, coding: 'gzip' | 'deflate'): Uint8Array | string {
  const chunks: Uint8Array[] = []
  let size = 0
  const collect = (chunk: Uint8Array) => {
    size += chunk.length
    if (size > MAX_ENTRY_BYTES)
      throw new SazError(`the ${coding} body inflates past ${kib(MAX_ENTRY_BYTES)} KiB`)
    chunks.push(chunk)
  }
  const inflater = coding === 'gzip' ? new Gunzip(collect) : new Inflate(collect)
  try {
    for (let at = 0; at < bytes.length; at += FEED_BYTES)
      inflater.push(bytes.subarray(at, at + FEED_BYTES), at + FEED_BYTES >= bytes.length)
  } catch (error) {
    return error instanceof SazError ? error.message : `the ${coding} body cannot be inflated`
  }
  return concat(chunks, size)
}

/** An absolute URL from the request line, or from a path and the Host header (a decrypted tunnel). */
function absoluteUrl(target: string, headers: Message['headers']): string | undefined {
  const host = headers.find((entry) => entry.name.toLowerCase() === 'host')?.value
  const candidate = /^https?:\/\//i.test(target)
    ? target
    : target.startsWith('/') && host
      ? `https://${host}${target}`
      : ''
  try {
    return candidate ? new URL(candidate).href : undefined
  } catch {
    return undefined
  }
}

/** When the client began the request and how long until it had the whole answer, from `_m.xml`. */
function sessionTimers(bytes: Uint8Array | undefined): { started?: number; duration?: number } {
  if (!bytes) return {}
  const xml = readXml(new TextDecoder().decode(bytes))
  if (!xml.ok) return {}
  const timers = child(child(xml.root, 'Session'), 'SessionTimers')
  const began = Date.parse(String(timers?.['@ClientBeginRequest'] ?? ''))
  const done = Date.parse(String(timers?.['@ClientDoneResponse'] ?? ''))
  if (!Number.isFinite(began)) return {}
  return { started: began, ...(Number.isFinite(done) && done >= began ? { duration: done - began } : {}) }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    whole.set(chunk, at)
    at += chunk.length
  }
  return whole
}

const kib = (bytes: number) => Math.round(bytes / 1024)

function refuse(...errors: string[]): { ok: false; errors: string[] } {
  return { ok: false, errors }
}
