import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import { signClientIdentity } from '../../src/device/hybrid-join.ts'
import { buildSelfSignedCertificate } from '../../src/device/self-signed-certificate.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { opensslText, opensslVerify } from '../support/openssl.ts'
import { certificatePem, clientKey } from './client-key.ts'
import { viaProxy } from './tunnel-client.ts'

const fixture = contosoHybrid(false)
const pc = fixture.onPremises!.computers[0]!
const computer = {
  dn: `CN=${pc.name},CN=Computers,DC=corp,DC=contoso,DC=com`,
  objectGuid: pc.objectGuid,
  objectSid: pc.objectSid,
  dnsDomain: 'corp.contoso.com',
}
const certificateKey = clientKey()
const lines: string[] = []
let server: RunningServer
let ca = ''

// The client's own self-signed certificate, as roadtools_hybrid makes it, goes in through the tenant file.
beforeAll(async () => {
  const userCertificate = await buildSelfSignedCertificate(certificateKey.pair, pc.objectGuid, Date.now())
  const dataDir = mkdtempSync(join(tmpdir(), 'djt-hybrid-'))
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    fixture,
    computerCertificates: [{ computer: pc.name, userCertificate: userCertificate.pem }],
    log: (line) => lines.push(line),
  })
  ca = readFileSync(server.caPath, 'utf8')
})
afterAll(() => server.close())

async function putJoin(signingKey = certificateKey) {
  const deviceKey = clientKey()
  const csr = await buildCertificateRequest(deviceKey.pair)
  const body = {
    CertificateRequest: { Type: 'pkcs10', Data: csr.base64 },
    ServerAdJoinData: {
      TransportKey: transportKeyBase64(deviceKey.pair.publicKeySpki),
      TargetDomain: 'contoso.com',
      DeviceType: 'Windows',
      OSVersion: '10.0.19041.928',
      DeviceDisplayName: pc.name,
      TargetDomainId: fixture.tenantId,
      ClientIdentity: await signClientIdentity(computer, signingKey.pair, Date.now()),
    },
    JoinType: 6,
    attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
  }
  const response = await viaProxy(
    server.port,
    `https://enterpriseregistration.windows.net/EnrollmentServer/device/${pc.objectGuid}?api-version=2.0`,
    {
      ca,
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'user-agent': 'Dsreg/10.0 (Windows 10.0.19041.928)' },
      body: JSON.stringify(body),
    },
  )
  return { response, deviceKey }
}

describe('npm run serve: hybrid join by an outside client (PUT, no token)', () => {
  it('syncs the computer whose userCertificate the tenant file carries, before any client arrives', () => {
    expect(lines).toContain(`synced ${pc.name}: device object ${pc.objectGuid} is ready for its hybrid join`)
  })

  it("refuses a proof signed with another key than the synced certificate's", async () => {
    const { response } = await putJoin(clientKey())
    expect(response.status).toBe(401)
    expect(JSON.parse(response.body)).toMatchObject({ ErrorType: 'AuthenticationError' })
  })

  it('issues a certificate named after the objectGUID, which OpenSSL verifies and which then deletes the device', async () => {
    const { response, deviceKey } = await putJoin()
    expect(response.status).toBe(200)
    const pem = certificatePem(JSON.parse(response.body).Certificate.RawBody)
    expect(opensslVerify((await server.tenant.deviceCa()).pem, pem).ok).toBe(true)
    expect(opensslText(pem)).toContain(`Subject: CN = ${pc.objectGuid}`)
    const url = `https://enterpriseregistration.windows.net/EnrollmentServer/device/${pc.objectGuid}`
    expect(
      (await viaProxy(server.port, url, { ca, method: 'DELETE', cert: pem, key: deviceKey.pem })).status,
    ).toBe(200)
    expect(server.session.snapshot().steps.map((step) => step.title)).toContain(
      `Hybrid device registration: PUT enterpriseregistration.windows.net/EnrollmentServer/device/${pc.objectGuid}`,
    )
  })
})
