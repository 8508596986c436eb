import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import { buildSelfSignedCertificate } from '../../src/device/self-signed-certificate.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import { opensslVerify } from '../support/openssl.ts'
import { certificatePem as pemOf, clientKey } from './client-key.ts'
import { openTunnel, viaProxy } from './tunnel-client.ts'

const execFileAsync = promisify(execFile)
let server: RunningServer
let ca = ''
const lines: string[] = []
const tracePath = join(mkdtempSync(join(tmpdir(), 'djt-serve-')), 'session.json')

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-data-')),
    fixture: contosoManaged(),
    tracePath,
    log: (line) => lines.push(line),
  })
  ca = readFileSync(server.caPath, 'utf8')
})
afterAll(() => server.close())

async function passwordToken(): Promise<string> {
  const response = await viaProxy(server.port, 'https://login.microsoftonline.com/contoso.com/oauth2/token', {
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&client_id=1b730954-1685-4b74-9bfd-dac224a7b894&resource=01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9&username=adele.vance%40contoso.com&password=Pa55w.rd-Contoso',
  })
  expect(response.status).toBe(200)
  return JSON.parse(response.body).access_token
}

describe('npm run serve, used the way an outside client would', () => {
  it('answers realm discovery in both versions, the UPN percent-encoded', async () => {
    const v1 = await viaProxy(
      server.port,
      'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=1.0',
      { ca },
    )
    expect(JSON.parse(v1.body)).toMatchObject({ account_type: 'Managed', domain_name: 'contoso.com' })
    const v2 = await viaProxy(
      server.port,
      'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=2.1',
      { ca },
    )
    expect(JSON.parse(v2.body)).toMatchObject({ NameSpaceType: 'Managed' })
  })

  it('answers DRS discovery in both forms, and issues RS256 tokens for DRS by its URN or its app ID', async () => {
    const modern = await viaProxy(
      server.port,
      'https://enterpriseregistration.windows.net/contoso.com/Discover?api-version=1.9',
      { ca, headers: { 'ocp-adrs-client-name': 'test', 'ocp-adrs-client-version': '1' } },
    )
    expect(JSON.parse(modern.body).DeviceJoinService).toMatchObject({
      JoinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
      ServiceVersion: '2.0',
    })
    const contract = await viaProxy(
      server.port,
      'https://enterpriseregistration.windows.net/contoso.com/enrollmentserver/contract?api-version=1.2',
      { ca, headers: { accept: 'application/json' } },
    )
    expect(JSON.parse(contract.body).AuthenticationService).toMatchObject({
      OAuth2ClientId: 'dd762716-544d-4aeb-a526-687b73838a22',
    })
    const byUrn = await viaProxy(server.port, 'https://login.microsoftonline.com/common/oauth2/token', {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=dd762716-544d-4aeb-a526-687b73838a22&resource=urn%3Ams-drs%3Aenterpriseregistration.windows.net&username=adele.vance%40contoso.com&password=Pa55w.rd-Contoso',
    })
    for (const token of [JSON.parse(byUrn.body).access_token, await passwordToken()]) {
      expect(decodeProtectedHeader(token).alg).toBe('RS256')
      expect(decodeJwt(token)).toMatchObject({
        aud: 'urn:ms-drs:enterpriseregistration.windows.net',
        exp: expect.any(Number),
      })
    }
  })

  it('joins a device with a password-grant token, issues a certificate OpenSSL verifies, and deletes it with that certificate', async () => {
    const token = await passwordToken()
    const deviceKey = clientKey()
    const csr = await buildCertificateRequest(deviceKey.pair)
    const join = await viaProxy(
      server.port,
      'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0',
      {
        ca,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          CertificateRequest: { Type: 'pkcs10', Data: csr.base64 },
          TransportKey: transportKeyBase64(deviceKey.pair.publicKeySpki),
          TargetDomain: 'contoso.com',
          DeviceType: 'Windows',
          OSVersion: '10.0.22631.4460',
          DeviceDisplayName: 'CLIENT-PC',
          JoinType: 4,
          attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
        }),
      },
    )
    expect(join.status).toBe(200)
    const rawBody: string = JSON.parse(join.body).Certificate.RawBody
    const certificatePem = pemOf(rawBody)
    const deviceCaPem = (await server.tenant.deviceCa()).pem
    expect(opensslVerify(deviceCaPem, certificatePem).ok).toBe(true)
    const deviceId = execFileSync('openssl', ['x509', '-noout', '-subject'], {
      input: certificatePem,
      encoding: 'utf8',
    })
      .trim()
      .replace('subject=CN = ', '')

    const anonymous = await viaProxy(
      server.port,
      `https://enterpriseregistration.windows.net/EnrollmentServer/device/${deviceId}`,
      { ca, method: 'DELETE', headers: { 'x-device-join-tracer-client-certificate': rawBody } },
    )
    expect(anonymous.status).toBe(401)
    const stranger = clientKey()
    const strangerCertificate = await buildSelfSignedCertificate(stranger.pair, deviceId, Date.now())
    const impostor = await viaProxy(
      server.port,
      `https://enterpriseregistration.windows.net/EnrollmentServer/device/${deviceId}`,
      { ca, method: 'DELETE', cert: strangerCertificate.pem, key: stranger.pem },
    )
    expect(JSON.parse(impostor.body)).toMatchObject({
      ErrorType: 'AuthenticationError',
      Message: 'The client certificate was not issued by this tenant.',
    })
    const deleted = await viaProxy(
      server.port,
      `https://enterpriseregistration.windows.net/EnrollmentServer/device/${deviceId}`,
      { ca, method: 'DELETE', cert: certificatePem, key: deviceKey.pem },
    )
    expect(deleted).toMatchObject({ status: 200, body: '' })
    expect(server.tenant.devices.has(deviceId)).toBe(false)

    const trace = parseTrace(readFileSync(tracePath, 'utf8'))
    expect(trace.ok && trace.trace.steps.map((step) => step.phase).slice(-5)).toEqual([
      'C',
      'G',
      'H',
      'H',
      'H',
    ])
    expect(readFileSync(tracePath, 'utf8')).not.toContain('Pa55w.rd-Contoso')
  })

  it('works for curl configured only with --proxy and the CA file', async () => {
    // curl runs as its own process, asynchronously, so this process can keep serving it.
    const { stdout: body } = await execFileAsync('curl', [
      '-sS',
      '--max-time',
      '10',
      '--proxy',
      `http://127.0.0.1:${server.port}`,
      '--cacert',
      server.caPath,
      'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=2.1',
    ])
    expect(JSON.parse(body)).toMatchObject({ NameSpaceType: 'Managed', Login: 'adele.vance@contoso.com' })
  })

  it('lets a client we did not write join a device and get a PRT: curl and openssl, configured only by HTTPS_PROXY and the CA file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'djt-curl-'))
    const env = {
      ...process.env,
      HTTPS_PROXY: `http://127.0.0.1:${server.port}`,
      SSL_CERT_FILE: server.caPath,
    }
    const { stdout } = await execFileAsync(
      'bash',
      ['scripts/curl-join.sh', 'adele.vance@contoso.com', 'Pa55w.rd-Contoso', out],
      { env },
    )
    expect(stdout).toMatch(/^device [0-9a-f-]{36}\n$/)
    expect(
      opensslVerify((await server.tenant.deviceCa()).pem, readFileSync(join(out, 'device.pem'), 'utf8')).ok,
    ).toBe(true)
    // and then gets a Primary Refresh Token for it, still with curl and openssl
    const prt = await execFileAsync(
      'bash',
      ['scripts/curl-prt.sh', 'adele.vance@contoso.com', 'Pa55w.rd-Contoso', out],
      {
        env,
      },
    )
    expect(prt.stdout).toMatch(/^prt 0\.A\S{13}… session key 32 bytes\n$/)
    const answer = JSON.parse(readFileSync(join(out, 'prt.json'), 'utf8'))
    expect(decodeJwt(answer.id_token).upn).toBe('adele.vance@contoso.com')
    const refused = await execFileAsync(
      'bash',
      ['scripts/curl-prt.sh', 'adele.vance@contoso.com', 'wrong', out],
      {
        env,
      },
    ).catch((error: { code: number; stderr: string }) => error)
    expect('code' in refused && refused.code).toBe(1)
    expect(refused.stderr).toContain('AADSTS50126')
  })

  it('refuses a host it does not emulate, forwarding nothing', async () => {
    expect((await openTunnel(server.port, 'example.org:443')).status).toBe(403)
    expect(lines.at(-1)).toBe(
      'CONNECT refused: example.org is not an emulated host: this proxy forwards nothing.',
    )
  })

  it('keeps serving after a bad CONNECT, a broken handshake, garbage JSON and a huge body', async () => {
    expect((await openTunnel(server.port, 'no-port-here')).status).toBe(400)
    const { socket } = await openTunnel(server.port, 'login.microsoftonline.com:443')
    socket.end('this is not a TLS ClientHello')
    const garbage = await viaProxy(
      server.port,
      'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0',
      {
        ca,
        method: 'POST',
        headers: { authorization: `Bearer ${await passwordToken()}`, 'content-type': 'application/json' },
        body: '{"CertificateRequest": [',
      },
    )
    expect(JSON.parse(garbage.body)).toMatchObject({
      ErrorType: 'InvalidRequest',
      Message: 'The request body is not a JSON object.',
    })
    const huge = await viaProxy(server.port, 'https://login.microsoftonline.com/contoso.com/oauth2/token', {
      ca,
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
    })
    expect(huge.status).toBe(413)
    expect(JSON.parse(huge.body)).toEqual({
      error: 'request_too_large',
      error_description: 'The body is larger than 1048576 bytes.',
    })
    const raw = connect(server.port, '127.0.0.1')
    raw.end('GARBAGE\r\n\r\n')
    const after = await viaProxy(
      server.port,
      'https://login.microsoftonline.com/common/userrealm/a%40contoso.com?api-version=1.0',
      { ca },
    )
    expect(after.status).toBe(200)
  })

  it('keeps its CA private key readable only by its owner', () => {
    expect(statSync(join(server.caPath, '..', 'ca.key.pem')).mode & 0o077).toBe(0)
  })
})
