import { readFileSync } from 'node:fs'
import { gzipSync, strToU8, zipSync, type Zippable } from 'fflate'
import { describe, expect, it } from 'vitest'
import { sazToTrace } from '../../src/har/saz.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Exchange, Trace } from '../../src/trace/schema.ts'

function recording(name: string): Trace {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace
}

const CRLF = '\r\n'
const head = (start: string, headers: Record<string, string>) =>
  [start, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join(CRLF)
const join = (...parts: Uint8Array[]) => {
  const whole = new Uint8Array(parts.reduce((size, part) => size + part.length, 0))
  parts.reduce((at, part) => (whole.set(part, at), at + part.length), 0)
  return whole
}

/** A session as Fiddler saves it; `wire` sends the answer gzipped and chunked, as a server might. */
function session(
  exchange: Exchange,
  started: number,
  options: { wire?: boolean; originForm?: boolean } = {},
) {
  const { request, response } = exchange
  const url = new URL(request.url)
  const target = options.originForm ? `${url.pathname}${url.search}` : request.url
  const client =
    head(`${request.method} ${target} HTTP/1.1`, { Host: url.host, ...request.headers }) + request.body
  let body = strToU8(response.body)
  const headers: Record<string, string> = { ...response.headers }
  if (options.wire) {
    const gzipped = gzipSync(body)
    const half = Math.floor(gzipped.length / 2)
    const chunk = (bytes: Uint8Array) =>
      join(strToU8(`${bytes.length.toString(16)}${CRLF}`), bytes, strToU8(CRLF))
    body = join(chunk(gzipped.subarray(0, half)), chunk(gzipped.subarray(half)), strToU8(`0${CRLF}${CRLF}`))
    Object.assign(headers, { 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' })
  }
  const server = join(strToU8(head(`HTTP/1.1 ${response.status} Whatever`, headers)), body)
  const began = new Date(started + exchange.at).toISOString().replace('Z', '0000Z')
  const done = new Date(started + exchange.at + exchange.duration).toISOString()
  const meta = `<?xml version="1.0" encoding="utf-8"?>\n<Session SID="1" BitFlags="0"><SessionTimers ClientConnected="${began}" ClientBeginRequest="${began}" ClientDoneResponse="${done}" /><SessionFlags><SessionFlag N="x-processinfo" V="svchost:1234" /></SessionFlags></Session>`
  return { c: strToU8(client), s: server, m: strToU8(meta) }
}

/** A .saz of a recording's HTTP exchanges, with a CONNECT tunnel and a font request among them. */
function saz(trace: Trace): Uint8Array {
  const started = Date.parse(trace.startedAt)
  const http = trace.steps.flatMap((step) =>
    step.exchanges.filter((exchange) => exchange.protocol === 'http'),
  )
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<Types/>'),
    '_index.htm': strToU8('<html></html>'),
  }
  http.forEach((exchange, index) => {
    const made = session(exchange, started, { wire: index === 1, originForm: index === 2 })
    const number = String(index + 3).padStart(3, '0')
    Object.assign(files, {
      [`raw/${number}_c.txt`]: made.c,
      [`raw/${number}_s.txt`]: made.s,
      [`raw/${number}_m.xml`]: made.m,
    })
  })
  files['raw/001_c.txt'] = strToU8(
    head('CONNECT login.microsoftonline.com:443 HTTP/1.1', { Host: 'login.microsoftonline.com:443' }),
  )
  files['raw/001_s.txt'] = strToU8(head('HTTP/1.1 200 Connection Established', {}))
  files['raw/002_c.txt'] = strToU8(
    head('GET https://fonts.example.com/a.woff2 HTTP/1.1', { Host: 'fonts.example.com' }),
  )
  files['raw/002_s.txt'] = strToU8(head('HTTP/1.1 200 OK', {}))
  return zipSync(files)
}

describe('Fiddler session archive (.saz)', () => {
  it.each(['aadj-managed-happy', 'aadj-federated-happy', 'aadj-managed-wrong-password'])(
    'reads %s captured by Fiddler: every request in its phase, with its times and its answer',
    (name) => {
      const trace = recording(name)
      const imported = sazToTrace(saz(trace))
      if (!imported.ok) throw new Error(imported.errors.join('; '))
      expect(imported.ignored).toBe(2)
      expect(imported.trace.scenario).toBe(trace.scenario)
      expect(imported.trace.outcome).toBe(trace.outcome)
      const recorded = trace.steps.flatMap((step) =>
        step.exchanges
          .filter((exchange) => exchange.protocol === 'http')
          .map((exchange) => ({ step, exchange })),
      )
      const first = recorded[0]!.exchange.at
      expect(
        imported.trace.steps.map(({ phase, exchanges: [exchange] }) => [
          phase,
          exchange!.request.method,
          exchange!.request.url,
          exchange!.response.status,
          exchange!.at,
          exchange!.duration,
        ]),
      ).toEqual(
        recorded.map(({ step, exchange }) => [
          step.phase,
          exchange.request.method,
          exchange.request.url,
          exchange.response.status,
          exchange.at - first,
          exchange.duration,
        ]),
      )
      // The gzipped, chunked answer comes back as the service wrote it.
      expect(imported.trace.steps[1]!.exchanges[0]!.response.body).toBe(recorded[1]!.exchange.response.body)
    },
  )

  const bomb = new Uint8Array(20 * 1024 * 1024)
  const onlySession = (c: string | Uint8Array, s: string | Uint8Array) =>
    zipSync({
      'raw/1_c.txt': typeof c === 'string' ? strToU8(c) : c,
      'raw/1_s.txt': typeof s === 'string' ? strToU8(s) : s,
    })
  const realm = head('GET https://login.microsoftonline.com/common/userrealm/a%40contoso.com HTTP/1.1', {})
  const aes = zipSync({ 'raw/1_c.txt': strToU8(realm) })
  aes.set([99, 0], 8) // the local header's compression method: 99 is WinZip AES encryption
  const good = saz(recording('aadj-managed-happy'))

  it.each([
    ['text that is not a zip', strToU8('{"log": {}}'), /not a zip archive/],
    ['a zip with no sessions', zipSync({ '_index.htm': strToU8('<html></html>') }), /no Fiddler sessions/],
    ['a zip bomb', zipSync({ 'raw/1_c.txt': strToU8(realm), 'raw/1_s.txt': bomb }), /inflates past 8192 KiB/],
    [
      'a gzip bomb in a body',
      onlySession(
        realm,
        join(strToU8(head('HTTP/1.1 200 OK', { 'Content-Encoding': 'gzip' })), gzipSync(bomb)),
      ),
      /gzip body inflates past 8192 KiB/,
    ],
    ['a password-protected archive', aes, /password-protected/],
    ['half an archive', good.subarray(0, good.length >> 1), /.{10}/],
    [
      'a request line that is not HTTP',
      onlySession('<script>alert(1)</script>\r\n\r\n', ''),
      /not an HTTP start line/,
    ],
    [
      'a malformed chunked body',
      onlySession(realm, head('HTTP/1.1 200 OK', { 'Transfer-Encoding': 'chunked' }) + 'zz\r\nabc'),
      /chunked body is malformed/,
    ],
    ['a request to no URL', onlySession(head('GET nowhere HTTP/1.1', {}), ''), /is not a URL/],
  ])('refuses %s with a reason, never an exception', (_, bytes, reason) => {
    const imported = sazToTrace(bytes)
    expect(imported.ok).toBe(false)
    expect(!imported.ok && imported.errors.join('\n')).toMatch(reason)
  })
})
