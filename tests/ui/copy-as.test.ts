import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Exchange } from '../../src/trace/schema.ts'
import { powerShellQuote, toFetch, toPowerShell } from '../../src/ui/inspector/copy-as/copy-as.ts'

const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b'])

/** Reads one PowerShell single-quoted literal at `from`, as PowerShell's tokenizer does. */
function readQuoted(text: string, from: number): { value: string; end: number } {
  expect(QUOTES.has(text[from]!)).toBe(true)
  let value = ''
  for (let at = from + 1; at < text.length; at++) {
    if (QUOTES.has(text[at]!)) {
      if (QUOTES.has(text[at + 1] ?? '')) {
        value += text[at]
        at++
        continue
      }
      return { value, end: at + 1 }
    }
    value += text[at]
  }
  throw new Error('unterminated')
}

function exchange(request: Partial<Exchange['request']>): Exchange {
  return {
    id: 'x1',
    protocol: 'http',
    from: 'device',
    to: 'drs',
    at: 0,
    duration: 0,
    request: {
      method: 'POST',
      url: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
      headers: {},
      body: '',
      ...request,
    },
    response: { status: 200, headers: {}, body: '' },
  }
}

describe('copy as PowerShell', () => {
  it('gives back every string exactly, whatever quotes, dollars and backticks it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        expect(readQuoted(powerShellQuote(value), 0)).toEqual({ value, end: powerShellQuote(value).length })
      }),
      { numRuns: 500 },
    )
    const hostile = "x'; Remove-Item C:\\ -Recurse; $(calc) `n \u2019"
    expect(readQuoted(powerShellQuote(hostile), 0).value).toBe(hostile)
  })

  it('writes Invoke-WebRequest with Content-Type and User-Agent as their own parameters', () => {
    const text = toPowerShell(
      exchange({
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Dsreg/10.0 (Windows 10.0.22631.4460)',
          authorization: 'Bearer eyJ',
          'content-length': '12',
        },
        body: '{"a":"b\'c"}',
      }),
    )
    expect(text).toBe(
      [
        "Invoke-WebRequest -UseBasicParsing -Method 'POST' -Uri 'https://enterpriseregistration.windows.net/EnrollmentServer/device/' `",
        "  -ContentType 'application/json' `",
        "  -UserAgent 'Dsreg/10.0 (Windows 10.0.22631.4460)' `",
        "  -Headers @{ 'authorization' = 'Bearer eyJ' } `",
        `  -Body '{"a":"b''c"}'`,
      ].join('\n'),
    )
  })
})

describe('copy as fetch', () => {
  it('writes every value as a JSON string literal, the computed headers left out', () => {
    const text = toFetch(
      exchange({ headers: { host: 'x', accept: 'application/json' }, body: '"); alert(1); ("' }),
    )
    const [, url, init] = /^await fetch\(("[^"]*"), ([\s\S]*)\)$/.exec(text)!
    expect(JSON.parse(url!)).toBe('https://enterpriseregistration.windows.net/EnrollmentServer/device/')
    expect(JSON.parse(init!)).toEqual({
      method: 'POST',
      headers: { accept: 'application/json' },
      body: '"); alert(1); ("',
    })
  })
})
