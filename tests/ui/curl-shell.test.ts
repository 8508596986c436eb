import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Exchange } from '../../src/trace/schema.ts'
import { toCurl } from '../../src/ui/inspector/curl.ts'

/**
 * What a real shell makes of the copied command: bash reads it with `curl` defined as a function
 * that only prints its arguments, NUL-separated. Nothing else runs unless the quoting is broken,
 * and the payloads below only print a marker if it is.
 */
function argvOf(command: string): string[] {
  const script = `curl() { printf '%s\\0' "$@"; }\n${command}`
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

const HOSTILE = [
  'GET $(printf INJECTED) ;',
  'GET `printf INJECTED`',
  "GET';printf INJECTED;'",
  'GET\nprintf INJECTED',
  'GET "$(printf INJECTED)"',
  '-o /tmp/x',
  '\\',
  '',
  '!!',
  'a\tb\r\nc',
]

function exchangeWith(request: Exchange['request']): Exchange {
  return {
    id: 'x1',
    protocol: 'http',
    from: 'device',
    to: 'drs',
    at: 0,
    duration: 0,
    request,
    response: { status: 200, headers: {}, body: '' },
  }
}

describe('copy as curl in a real shell', () => {
  it.each(HOSTILE)(
    'gives curl exactly the intended arguments for method, URL, header and body %j',
    (evil) => {
      const exchange = exchangeWith({
        method: evil,
        url: evil,
        headers: { [`x-${evil}`]: evil, 'content-length': '1' },
        body: evil,
      })
      expect(argvOf(toCurl(exchange))).toEqual([
        '-X',
        evil,
        '--url',
        evil,
        '-H',
        `x-${evil}: ${evil}`,
        ...(evil ? ['--data-raw', evil] : []),
      ])
    },
  )
})
