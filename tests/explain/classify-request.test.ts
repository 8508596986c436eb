import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classifyRequest } from '../../src/trace/classify-request.ts'
import { SessionTrace } from '../../src/server/session-trace.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import type { ScenarioId } from '../../src/trace/phases.ts'

const recordings = readdirSync('src/stories/recordings').map((name) => {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace
})

describe('request classifier', () => {
  it('puts every HTTP exchange of every recorded story in the phase the flow recorded it in', () => {
    const misplaced: string[] = []
    let checked = 0
    for (const trace of recordings)
      for (const step of trace.steps)
        for (const exchange of step.exchanges) {
          if (exchange.protocol !== 'http') continue
          checked++
          const phase = classifyRequest(exchange.request).phases[trace.scenario as ScenarioId]
          if (phase !== step.phase)
            misplaced.push(
              `${trace.story} ${step.phase} ${exchange.request.method} ${exchange.request.url} → ${phase}`,
            )
        }
    expect(misplaced).toEqual([])
    expect(checked).toBeGreaterThan(80)
  })

  it('matches paths whatever their case, as Windows writes them', () => {
    const realm = classifyRequest({
      method: 'GET',
      url: 'https://login.microsoftonline.com/common/UserRealm/?user=contoso.com&api-version=1.0',
    })
    expect(realm).toMatchObject({ kind: 'user-realm', sessionPhase: 'C' })
    const discover = classifyRequest({
      method: 'get',
      url: 'https://enterpriseregistration.windows.net/contoso.com/Discover?api-version=1.9',
      headers: { 'User-Agent': 'Dsreg/10.0 (Windows 10.0.19045.1)' },
    })
    expect(discover).toMatchObject({ kind: 'drs-discovery', fromWindows: true })
    expect(discover.phases['haadj-managed']).toBe('B')
  })

  it('tells a SAML assertion grant from a password grant by the body', () => {
    const url = 'https://login.microsoftonline.com/contoso.com/oauth2/token'
    const saml = classifyRequest({
      method: 'POST',
      url,
      body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Asaml1_1-bearer&assertion=PHNhbWw',
    })
    const password = classifyRequest({ method: 'POST', url, body: 'grant_type=password&username=a' })
    expect([saml.kind, saml.phases['aadj-federated']]).toEqual(['saml-grant', 'D'])
    expect([password.kind, password.phases['aadj-managed']]).toEqual(['token', 'C'])
  })

  it('files post-join traffic as such and anything else as other, without throwing on nonsense', () => {
    expect(
      classifyRequest({
        method: 'PUT',
        url: 'https://enterpriseregistration.windows.net/manage/common/bitlocker/abc',
      }).postJoin,
    ).toBe(true)
    expect(classifyRequest({ method: 'GET', url: 'not a url' }).kind).toBe('other')
    expect(
      classifyRequest({ method: 'POST', url: 'https://example.com/', body: '%%%grant_type=%' }).kind,
    ).toBe('other')
  })
})

describe('server session traces', () => {
  it('file a realm request written with capitals in phase C, no longer A', () => {
    const session = new SessionTrace('', () => Date.UTC(2026, 0, 15, 9))
    session.record({
      protocol: 'http',
      from: 'device',
      to: 'azure-ad',
      request: {
        method: 'GET',
        url: 'https://login.microsoftonline.com/common/UserRealm/?user=contoso.com&api-version=1.0',
        headers: {},
        body: '',
      },
      response: { status: 200, headers: {}, body: '{}' },
    })
    expect(session.snapshot().steps[0]).toMatchObject({
      phase: 'C',
      title: expect.stringMatching(/^User realm discovery/),
    })
  })
})

describe('WS-Trust at AD FS', () => {
  it('tells the computer’s windowstransport from a user’s usernamemixed', () => {
    const at = (path: string) =>
      classifyRequest({ method: 'POST', url: `https://sts.contoso.com/adfs/services/trust/${path}` })
    expect(at('13/windowstransport')).toMatchObject({
      kind: 'adfs-ws-trust',
      phases: { 'haadj-federated': 'C' },
    })
    expect(at('2005/usernamemixed')).toMatchObject({
      kind: 'adfs-ws-trust-user',
      phases: { 'aadj-federated': 'D' },
    })
    expect(at('mex').kind).toBe('adfs-mex')
  })
})
