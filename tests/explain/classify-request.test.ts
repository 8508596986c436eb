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

describe('what clients and a joined device ask Azure AD', () => {
  const login = 'https://login.microsoftonline.com'
  const post = (path: string, body: string) =>
    classifyRequest({ method: 'POST', url: `${login}${path}`, body })

  it('names the PRT nonce and request, and files them under the first sign-in after the join', () => {
    expect(post('/common/oauth2/token', 'grant_type=srv_challenge')).toMatchObject({
      kind: 'prt-nonce',
      phases: { 'aadj-managed': 'I', 'aadj-federated': 'J' },
      postJoin: true,
    })
    const prt = post(
      '/common/oauth2/token',
      'windows_api_version=2.2&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&request=aGVhZA.Ym9keQ.c2ln',
    )
    expect(prt).toMatchObject({ kind: 'prt', phases: { 'aadj-managed': 'I' } })
    // A jwt-bearer grant without a signed request is not a PRT request.
    expect(
      post('/common/oauth2/token', 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer').kind,
    ).toBe('token')
  })

  it('names key registration with the Windows Hello phase', () => {
    const key = classifyRequest({
      method: 'POST',
      url: 'https://enterpriseregistration.windows.net/EnrollmentServer/key/?api-version=1.0',
    })
    expect(key).toMatchObject({
      kind: 'key-registration',
      phases: { 'aadj-federated': 'K' },
      sessionPhase: 'H',
    })
  })

  it('names device codes, v2.0 tokens, refresh tokens and instance discovery', () => {
    expect(post('/organizations/oauth2/v2.0/devicecode', 'client_id=x&scope=openid').kind).toBe('device-code')
    expect(post('/common/oauth2/devicecode', 'client_id=x&resource=y').kind).toBe('device-code')
    expect(
      post(
        '/contoso.com/oauth2/v2.0/token',
        'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code',
      ).kind,
    ).toBe('device-code-grant')
    expect(post('/contoso.com/oauth2/token', 'grant_type=device_code&code=abc').kind).toBe(
      'device-code-grant',
    )
    expect(post('/contoso.com/oauth2/v2.0/token', 'grant_type=refresh_token&refresh_token=0.A').kind).toBe(
      'token-refresh',
    )
    expect(post('/contoso.com/oauth2/v2.0/token', 'grant_type=password&scope=openid')).toMatchObject({
      kind: 'token-v2',
      sessionPhase: 'C',
    })
    const discovery = classifyRequest({
      method: 'GET',
      url: `${login}/common/discovery/instance?api-version=1.1&authorization_endpoint=${login}/common/oauth2/v2.0/authorize`,
    })
    expect(discovery).toMatchObject({ kind: 'instance-discovery', sessionPhase: 'A' })
  })
})
