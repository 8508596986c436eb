import { expect, it } from 'vitest'
import { RSA_SHA256, x509 } from '../../mocks/x509.ts'
import { createSimulatedClock } from '../../src/engine/run-clock.ts'
import type { ExchangeRecord } from '../../src/engine/trace-recorder.ts'
import { SessionTrace } from '../../src/server/session-trace.ts'
import { RECORDING_EPOCH } from '../../src/stories/recording.ts'
import { parseTrace } from '../../src/trace/parse.ts'

const exchange = (method: string, url: string, status: number, body: unknown, sent: unknown = {}) =>
  ({
    protocol: 'http',
    from: 'device',
    to: new URL(url).host === 'login.microsoftonline.com' ? 'azure-ad' : 'drs',
    request: { method, url, headers: {}, body: JSON.stringify(sent) },
    response: { status, headers: {}, body: JSON.stringify(body) },
  }) as ExchangeRecord

async function deviceCertificate(deviceId: string): Promise<string> {
  const keys = await crypto.subtle.generateKey(RSA_SHA256, false, ['sign', 'verify'])
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${deviceId}`,
    keys,
    signingAlgorithm: RSA_SHA256,
    notBefore: new Date(RECORDING_EPOCH),
    notAfter: new Date(RECORDING_EPOCH + 3600_000),
  })
  return certificate.toString('base64')
}

it('records a server session with the one recorder, taking artifacts from what the answers hold', async () => {
  const clock = createSimulatedClock(RECORDING_EPOCH)
  const session = new SessionTrace('CA PEM', clock.now)
  const heard: string[] = []
  session.onExchange((recorded) => heard.push(recorded.id))

  session.record(exchange('POST', 'https://sts.contoso.com/adfs/oauth2/token', 200, { access_token: 'adfs' }))
  clock.advance(1000)
  session.record(
    exchange('POST', 'https://login.microsoftonline.com/contoso.com/oauth2/token', 200, {
      access_token: 'aad-access',
      id_token: 'aad-id',
    }),
  )
  expect(session.snapshot().outcome).toBe('pending')
  // A join registers the device once DRS's answer carries a certificate that parses.
  const raw = await deviceCertificate('4d1c0ff3-0b5e-4c57-9d8e-1f2a3b4c5d6e')
  session.record(
    exchange(
      'POST',
      'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=1.0',
      200,
      { Certificate: { RawBody: raw } },
      { CertificateRequest: { Data: 'TUlJQw==' }, TransportKey: 'UlNBMQ==' },
    ),
  )
  const registered = session.snapshot()
  expect(registered.outcome).toBe('registered')
  expect(registered.artifacts).toMatchObject({
    caCertificate: 'CA PEM',
    accessToken: 'aad-access',
    idToken: 'aad-id',
    deviceId: '4d1c0ff3-0b5e-4c57-9d8e-1f2a3b4c5d6e',
    transportKey: 'UlNBMQ==',
  })
  expect(registered.artifacts.deviceCertificate).toContain('-----BEGIN CERTIFICATE-----')
  expect(registered.artifacts.csr).toContain('TUlJQw==')
  expect(registered.steps.map((step) => [step.index, step.at, step.exchanges[0]!.id])).toEqual([
    [0, 0, 'x1'],
    [1, 1000, 'x2'],
    [2, 1000, 'x3'],
  ])
  expect(heard).toEqual(['x1', 'x2', 'x3'])
  expect(parseTrace(JSON.stringify(registered)).ok).toBe(true)

  session.record(
    exchange('DELETE', 'https://enterpriseregistration.windows.net/EnrollmentServer/device/4d1c', 200, {}),
  )
  expect(session.snapshot().outcome).toBe('pending')
  // A refused request adds a step and nothing else.
  session.record(
    exchange('POST', 'https://login.microsoftonline.com/contoso.com/oauth2/token', 400, {
      access_token: 'never',
    }),
  )
  expect(session.snapshot().artifacts.accessToken).toBe('aad-access')
})

it('times each request from when it came in to its answer, with its step where it came in', () => {
  const clock = createSimulatedClock(RECORDING_EPOCH)
  const session = new SessionTrace('CA PEM', clock.now)
  clock.advance(500)
  const slow = clock.now()
  clock.advance(100)
  const quick = clock.now()
  clock.advance(20)
  // Answered in the order they finished: the quick one first, though the slow one came in earlier.
  session.record(exchange('GET', 'https://login.microsoftonline.com/common/userrealm/a', 200, {}), quick)
  clock.advance(1380)
  session.record(
    exchange('POST', 'https://login.microsoftonline.com/contoso.com/oauth2/token', 200, {}),
    slow,
  )
  const times = session
    .snapshot()
    .steps.map((step) => [step.at, step.exchanges[0]!.at, step.exchanges[0]!.duration])
  expect(times).toEqual([
    [600, 600, 20],
    [500, 500, 1500],
  ])
})
