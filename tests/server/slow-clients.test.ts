import { mkdtempSync, readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { openTunnel, viaProxy } from './tunnel-client.ts'

const REALM = 'https://login.microsoftonline.com/common/userrealm/a%40contoso.com?api-version=1.0'
let server: RunningServer
let ca = ''
const lines: string[] = []

// Short clocks, so a slow client is cut in well under a second.
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'djt-slow-'))
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    fixture: contosoManaged(),
    timeouts: { idleMs: 2_000, requestMs: 400 },
    log: (line) => lines.push(line),
  })
  ca = readFileSync(server.caPath, 'utf8')
})
afterAll(() => server.close())

/** Everything the server sends until it closes the connection; fails the test past `withinMs`. */
function untilClosed(socket: Socket, withinMs: number): Promise<{ text: string; ms: number }> {
  const started = Date.now()
  let text = ''
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${withinMs} ms`)), withinMs)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ text, ms: Date.now() - started })
    })
    socket.on('error', () => undefined)
  })
}

/** Writes `text` a byte every `everyMs`, as a slowloris does, until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let next = 0
  const timer = setInterval(() => {
    if (socket.destroyed || next >= text.length) return clearInterval(timer)
    socket.write(text[next++]!)
  }, everyMs)
}

async function tlsTunnel(): Promise<Socket> {
  const { socket } = await openTunnel(server.port, 'login.microsoftonline.com:443')
  const tls = tlsConnect({ socket, servername: 'login.microsoftonline.com', ca })
  await new Promise<void>((resolve, reject) => tls.once('secureConnect', resolve).once('error', reject))
  return tls
}

describe('npm run serve with slow, silent or malformed clients', () => {
  it('answers 408 and closes a tunnel whose request headers trickle in', async () => {
    const tls = await tlsTunnel()
    const closed = untilClosed(tls, 4_000)
    trickle(
      tls,
      'GET /common/userrealm/a%40contoso.com?api-version=1.0 HTTP/1.1\r\nHost: login.microsoftonline.com\r\nX-Slow: ' +
        'x'.repeat(200),
      50,
    )
    const { text, ms } = await closed
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(ms).toBeLessThan(2_500) // trickling, it would never go idle
  })

  it('closes a tunnel that opens TLS and then says nothing', async () => {
    const { text } = await untilClosed(await tlsTunnel(), 3_000)
    expect(text).toMatch(/^HTTP\/1\.1 408/)
  })

  it('closes a tunnel whose TLS handshake never starts', async () => {
    const { socket } = await openTunnel(server.port, 'login.microsoftonline.com:443')
    const { ms } = await untilClosed(socket, 3_000)
    expect(ms).toBeLessThan(1_500)
  })

  it('closes a connection whose CONNECT line trickles in', async () => {
    const raw = connect(server.port, '127.0.0.1')
    const closed = untilClosed(raw, 5_000)
    trickle(
      raw,
      `CONNECT login.microsoftonline.com:443 HTTP/1.1\r\nHost: login.microsoftonline.com:443\r\nX-Slow: ${'x'.repeat(200)}`,
      50,
    )
    const { text } = await closed
    expect(text).toMatch(/^HTTP\/1\.1 408/)
  })

  it('keeps a busy keep-alive tunnel open past the idle clock, one request at a time', async () => {
    const tls = await tlsTunnel()
    const closed = untilClosed(tls, 10_000)
    const ask = () =>
      tls.write(
        'GET /common/userrealm/a%40contoso.com?api-version=1.0 HTTP/1.1\r\nHost: login.microsoftonline.com\r\n\r\n',
      )
    let answers = 0
    tls.on('data', (chunk: Buffer) => (answers += chunk.toString().split('HTTP/1.1 200 OK').length - 1))
    for (let round = 0; round < 8; round += 1) {
      ask()
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    expect(answers).toBe(8) // 2.4 s of steady use, past the 2 s idle clock
    tls.end()
    await closed
  })

  it('answers 400 to a garbage request line and 431 to oversized headers inside a tunnel', async () => {
    const garbage = await tlsTunnel()
    const first = untilClosed(garbage, 3_000)
    garbage.write('\u0001\u0002 not http at all\r\n\r\n')
    expect((await first).text).toMatch(/^HTTP\/1\.1 400 Bad Request/)
    const oversized = await tlsTunnel()
    const second = untilClosed(oversized, 3_000)
    oversized.write(
      `GET / HTTP/1.1\r\nHost: login.microsoftonline.com\r\nX-Big: ${'x'.repeat(64 * 1024)}\r\n\r\n`,
    )
    expect((await second).text).toMatch(/^HTTP\/1\.1 431/)
  })

  it('refuses a plain http:// proxy request, forwarding nothing', async () => {
    const raw = connect(server.port, '127.0.0.1')
    const closed = untilClosed(raw, 3_000)
    raw.end('GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n')
    const { text } = await closed
    expect(text).toMatch(/^HTTP\/1\.1 403 Forbidden/)
    expect(text).toContain('HTTPS only')
    expect(lines.some((line) => /^GET http:\/\/example\.org\/ 403 \d+ms$/.test(line))).toBe(true)
  })

  it('still answers afterwards', async () => {
    expect((await viaProxy(server.port, REALM, { ca })).status).toBe(200)
  })
})
