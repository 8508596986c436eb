import { readFileSync } from 'node:fs'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { claimMeaning, explainClaims } from '../../src/decode/jwt-claims.ts'
import { parseTrace } from '../../src/trace/parse.ts'

describe('JWT claims explained', () => {
  it("says the token DRS refused had expired an hour before the request, on DRS's own clock", () => {
    const parsed = parseTrace(readFileSync('src/stories/recordings/aadj-managed-expired-token.json', 'utf8'))
    if (!parsed.ok) throw new Error(parsed.errors.join('; '))
    const join = parsed.trace.steps.flatMap((step) => step.exchanges).find((e) => e.response.status === 401)!
    const token = join.request.headers.authorization!.replace('Bearer ', '')
    // The story sets DRS's clock two hours ahead of the device's; DRS's error body says when it judged.
    const drsTime = /^(\d\d)-(\d\d)-(\d{4}) (\d\d:\d\d:\d\d)Z$/.exec(
      String(JSON.parse(join.response.body).Time),
    )!
    const requestTime = Date.parse(`${drsTime[3]}-${drsTime[1]}-${drsTime[2]}T${drsTime[4]}Z`)
    const lines = explainClaims(decodeJwt(token), requestTime)
    const byName = Object.fromEntries(lines.map((line) => [line.name, line]))
    expect(byName.exp?.note).toBe('2026-01-15 09:59:59 UTC: expired 60 minutes before this request')
    expect(byName.iat?.note).toBe('2026-01-15 09:00:00 UTC')
    expect(byName.scp?.meaning).toContain('Device.Join')
  })

  it('says how long a valid token has left, and when one is not valid yet', () => {
    const at = Date.UTC(2026, 0, 1, 12)
    const lines = explainClaims({ nbf: at / 1000 + 120, exp: at / 1000 + 3600 }, at)
    expect(lines.map((line) => line.note)).toEqual([
      '2026-01-01 12:02:00 UTC: not valid until 2 minutes after this request',
      '2026-01-01 13:00:00 UTC: 60 minutes left at this request',
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
