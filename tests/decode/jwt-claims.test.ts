import { readFileSync } from 'node:fs'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { claimMeaning, explainClaims } from '../../src/decode/jwt-claims.ts'
import { parseTrace } from '../../src/trace/parse.ts'

describe('JWT claims explained', () => {
  // The story's DRS runs its clock ahead of the device's (fixture clock skew): by the request's
  // time the token still had an hour, which is the clue that the clocks disagree.
  it('reads the refused token’s times against the request that carried it', () => {
    const parsed = parseTrace(readFileSync('src/stories/recordings/aadj-managed-expired-token.json', 'utf8'))
    if (!parsed.ok) throw new Error(parsed.errors.join('; '))
    const join = parsed.trace.steps.flatMap((step) => step.exchanges).find((e) => e.response.status === 401)!
    const token = join.request.headers.authorization!.replace('Bearer ', '')
    const requestTime = Date.parse(parsed.trace.startedAt) + join.at
    const lines = explainClaims(decodeJwt(token), requestTime)
    const byName = Object.fromEntries(lines.map((line) => [line.name, line]))
    expect(byName.exp?.note).toBe('2026-01-15 09:59:59 UTC: 60 minutes left at this request')
    expect(byName.iat?.note).toBe('2026-01-15 09:00:00 UTC')
    expect(byName.scp?.meaning).toContain('Device.Join')
  })

  it('says how long before the request a token expired, and when one is not valid yet', () => {
    const at = Date.UTC(2026, 0, 1, 12)
    const lines = explainClaims({ nbf: at / 1000 + 120, exp: at / 1000 - 25 * 60 }, at)
    expect(lines.map((line) => line.note)).toEqual([
      '2026-01-01 12:02:00 UTC: not valid until 2 minutes after this request',
      '2026-01-01 11:35:00 UTC: expired 25 minutes before this request',
    ])
  })

  it('explains every claim the flows use in a sentence', () => {
    for (const name of [
      'amr',
      'scp',
      'appid',
      'tid',
      'oid',
      'deviceid',
      'mdm_tou_url',
      'onprem_sid',
      'upn',
      'aud',
    ])
      expect(claimMeaning(name)?.length, name).toBeGreaterThan(20)
  })

  it('shows a time claim that is not a time as such', () => {
    expect(explainClaims({ exp: 1e20 })[0]?.note).toBe('not a valid time')
    expect(explainClaims({ exp: 'soon' })[0]?.note).toBeUndefined()
  })
})
