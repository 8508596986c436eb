// A Fiddler archive (.saz) of a recorded story's HTTP exchanges, as Fiddler saves sessions: the raw
// request and answer of each, and its timers, numbered from 1. Shared by the browser test that opens
// one and the fuzz test that damages one.
import { readFileSync } from 'node:fs'
import { strToU8, zipSync, type Zippable } from 'fflate'
import type { Trace } from '../../src/trace/schema.ts'

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')

export function sazOfRecording(recording: string): Uint8Array {
  const trace = JSON.parse(readFileSync(`src/stories/recordings/${recording}.json`, 'utf8')) as Trace
  const started = Date.parse(trace.startedAt)
  const time = (ms: number) => new Date(started + ms).toISOString()
  const files: Zippable = {}
  trace.steps
    .flatMap((step) => step.exchanges.filter((exchange) => exchange.protocol === 'http'))
    .forEach(({ request, response, at, duration }, index) => {
      const n = index + 1
      files[`raw/${n}_c.txt`] = strToU8(
        `${request.method} ${request.url} HTTP/1.1\r\n${headerLines(request.headers)}\r\n${request.body}`,
      )
      files[`raw/${n}_s.txt`] = strToU8(
        `HTTP/1.1 ${response.status} X\r\n${headerLines(response.headers)}\r\n${response.body}`,
      )
      files[`raw/${n}_m.xml`] = strToU8(
        `<Session SID="${n}"><SessionTimers ClientBeginRequest="${time(at)}" ClientDoneResponse="${time(at + duration)}"/></Session>`,
      )
    })
  return zipSync(files)
}
