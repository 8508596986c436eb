import { mkdtempSync, readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Duplex } from 'node:stream'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { openTunnel } from './tunnel-client.ts'

const HOST = 'login.microsoftonline.com'
let server: RunningServer
let ca = ''
const lines: string[] = []

// A short request clock: a tunnel that never sees its handshake is closed rather than left to hang.
beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-edges-')),
    fixture: contosoManaged(),
    timeouts: { idleMs: 5_000, requestMs: 1_500 },
    log: (line) => lines.push(line),
  })
  ca = readFileSync(server.caPath, 'utf8')
})
afterAll(() => server.close())

/**
 * A TLS client whose CONNECT and ClientHello leave in one write, as clients that send eagerly do:
 * the CONNECT line is glued in front of the first bytes TLS writes, and the proxy's 200 line is
 * taken off what TLS reads.
 */
function connectWithHello(): { tls: TLSSocket; established: Promise<string> } {
  const raw = connect(server.port, '127.0.0.1')
  let first = true
  let head = Buffer.alloc(0)
  let open = false
  let resolveLine: (line: string) => void = () => undefined
  const established = new Promise<string>((resolve) => (resolveLine = resolve))
  const carrier = new Duplex({
    write(chunk: Buffer, _encoding, done) {
      const connectLine = first ? `CONNECT ${HOST}:443 HTTP/1.1\r\nHost: ${HOST}:443\r\n\r\n` : ''
      first = false
      raw.write(Buffer.concat([Buffer.from(connectLine), chunk]), done)
    },
    read() {},
    final(done) {
      raw.end()
      done()
    },
  })
  raw.on('data', (chunk: Buffer) => {
    if (open) {
      carrier.push(chunk)
      return
    }
    head = Buffer.concat([head, chunk])
    const end = head.indexOf('\r\n\r\n')
    if (end < 0) return
    open = true
    resolveLine(head.subarray(0, end).toString())
    if (head.length > end + 4) carrier.push(head.subarray(end + 4))
  })
  raw.on('close', () => carrier.push(null))
  raw.on('error', () => carrier.destroy())
  return { tls: tlsConnect({ socket: carrier, servername: HOST, ca }), established }
}

function answerTo(socket: Socket, request: string): Promise<string> {
  let text = ''
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return new Promise((resolve) => {
    socket.on('end', () => resolve(text))
    socket.on('close', () => resolve(text))
    socket.on('error', () => undefined)
    socket.write(request)
  })
}

describe('tunnels opened in unusual ways', () => {
  it('completes the handshake when the ClientHello comes in the same packet as CONNECT', async () => {
    const { tls, established } = connectWithHello()
    const handshake = new Promise<string>((resolve) => {
      tls.once('secureConnect', () => resolve('secure'))
      tls.once('error', (error) => resolve(`failed: ${error.message}`))
      tls.once('close', () => resolve('closed'))
    })
    expect(await established).toMatch(/^HTTP\/1\.1 200 /)
    expect(await handshake).toBe('secure')
    const answer = await answerTo(
      tls,
      `GET /common/userrealm/a%40contoso.com?api-version=1.0 HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(answer).toContain('"account_type":"Managed"')
  })

  it('answers a CONNECT inside a tunnel with 400 and logs it', async () => {
    const { socket } = await openTunnel(server.port, `${HOST}:443`)
    const tls = tlsConnect({ socket, servername: HOST, ca })
    await new Promise<void>((resolve, reject) => tls.once('secureConnect', resolve).once('error', reject))
    const answer = await answerTo(tls, 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(answer).toContain('"error":"bad_request"')
    expect(lines.some((line) => line.startsWith('CONNECT example.org:443 inside a tunnel refused'))).toBe(
      true,
    )
  })
})
