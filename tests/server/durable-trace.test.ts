import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { joinDevice, prepareJoiner, type Send } from './join-client.ts'
import { startServeChild } from './serve-child.ts'
import { viaProxy } from './tunnel-client.ts'

const CLIENTS = 12
const KILL_AFTER_JOINS = 20

it('keeps every join a client saw succeed when the server is killed (SIGKILL) in the middle of a burst', async () => {
  const tracePath = join(mkdtempSync(join(tmpdir(), 'djt-durable-')), 'session.ndjson')
  const joiners = await Promise.all(Array.from({ length: CLIENTS }, () => prepareJoiner()))
  const server = await startServeChild(['--trace', tracePath])
  const ca = readFileSync(server.caPath, 'utf8')
  // A tunnel and a TLS handshake per request, as curl makes them.
  const send: Send = (url, init) => viaProxy(server.port, url, { ca, ...init })
  const acknowledged: string[] = []
  const failures: string[] = []
  let killed = false
  const client = async (index: number) => {
    while (!killed)
      try {
        acknowledged.push(await joinDevice(send, joiners[index]!))
        if (acknowledged.length >= KILL_AFTER_JOINS && !killed) {
          killed = true
          server.child.kill('SIGKILL')
        }
      } catch (error) {
        if (!killed) throw error
        failures.push((error as Error).message) // in flight when the server died
      }
  }
  await Promise.all(joiners.map((_, index) => client(index)))
  expect((await server.exited).signal).toBe('SIGKILL')
  expect(failures.length).toBeGreaterThan(0) // the kill did land in the middle of the burst

  const parsed = parseTrace(readFileSync(tracePath, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
  expect(parsed.notes).toContainEqual(expect.stringContaining('no closing record'))
  const issued = new Set(
    parsed.trace.steps.flatMap((step) =>
      step.exchanges
        .filter((exchange) => exchange.response.status === 200 && exchange.request.url.includes('/device/'))
        .map(
          (exchange) =>
            (JSON.parse(exchange.response.body) as { Certificate: { RawBody: string } }).Certificate.RawBody,
        ),
    ),
  )
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_JOINS)
  expect(acknowledged.filter((certificate) => !issued.has(certificate))).toEqual([])
  expect(parsed.trace.outcome).toBe('registered')
}, 120_000)
