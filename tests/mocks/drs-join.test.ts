import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { signToken } from '../../mocks/tokens.ts'
import { joinBody, passwordToken, postJoin } from '../support/device-requests.ts'
import { opensslText, opensslVerify } from '../support/openssl.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

async function adeleToken(): Promise<string> {
  const body = await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json()
  return body.access_token
}

async function forge(token: string, changes: Record<string, unknown>): Promise<string> {
  const keys = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['sign'],
  )
  return new SignJWT({ ...decodeJwt(token), ...changes })
    .setProtectedHeader(decodeProtectedHeader(token) as { alg: string })
    .sign(keys.privateKey)
}

function pem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`
}

describe('emulated DRS join endpoint', () => {
  it('issues a certificate that chains to the MS-Organization-Access CA and names the device ID', async () => {
    const { caPem } = emulateTenant(contosoManaged())
    const response = await postJoin(await adeleToken(), await joinBody())
    expect(response.status).toBe(200)
    const body = await response.json()
    const certificate = new x509.X509Certificate(body.Certificate.RawBody)
    const deviceId = certificate.subjectName.getField('CN')[0]!
    expect(deviceId).toMatch(/^[0-9a-f-]{36}$/)
    const ca = new x509.X509Certificate(await caPem())
    expect(await certificate.verify({ publicKey: ca, signatureOnly: true })).toBe(true)
    expect(certificate.issuer).toBe(
      'DC=net+DC=windows+CN=MS-Organization-Access+OU=82dbaca4-3e81-46ca-9c73-0950c1eaca97',
    )
    expect(body.Certificate.Thumbprint).toMatch(/^[0-9A-F]{40}$/)
    expect(body.User).toEqual({ Upn: 'adele.vance@contoso.com' })
    expect(body.MembershipChanges[0].LocalSID).toBe('S-1-5-32-544')
    expect(body.MembershipChanges[0].AddSIDs[0]).toMatch(/^S-1-12-1-\d+-\d+-\d+-\d+$/)

    const verdict = opensslVerify(await caPem(), pem(body.Certificate.RawBody))
    expect(verdict).toEqual({ ok: true, output: expect.stringMatching(/: OK$/) })
    const text = opensslText(pem(body.Certificate.RawBody))
    expect(text).toContain(`Subject: CN = ${deviceId}`)
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/)
    expect(text).toMatch(/Extended Key Usage: critical\s+TLS Web Client Authentication/)
  })

  it('puts the device ID in extension .284.2 as a mixed-endian GUID inside an OCTET STRING', async () => {
    emulateTenant(contosoManaged())
    const body = await (await postJoin(await adeleToken(), await joinBody())).json()
    const certificate = new x509.X509Certificate(body.Certificate.RawBody)
    const extension = certificate.getExtension('1.2.840.113556.1.5.284.2')!
    const bytes = new Uint8Array(extension.value)
    expect(bytes[0]).toBe(0x04) // inner OCTET STRING
    const guid = [...bytes.slice(2)].map((b) => b.toString(16).padStart(2, '0')).join('')
    const deviceId = certificate.subjectName.getField('CN')[0]!.replace(/-/g, '')
    const expected =
      deviceId.slice(6, 8) +
      deviceId.slice(4, 6) +
      deviceId.slice(2, 4) +
      deviceId.slice(0, 2) +
      deviceId.slice(10, 12) +
      deviceId.slice(8, 10) +
      deviceId.slice(14, 16) +
      deviceId.slice(12, 14) +
      deviceId.slice(16)
    expect(guid).toBe(expected)
    expect(
      new TextDecoder().decode(
        new Uint8Array(certificate.getExtension('1.2.840.113556.1.5.284.7')!.value).slice(2),
      ),
    ).toBe('1')
  })

  it('refuses a token signed by a key Azure AD never published', async () => {
    emulateTenant(contosoManaged())
    const response = await postJoin(await forge(await adeleToken(), {}), await joinBody())
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({
      ErrorType: 'AuthenticationError',
      Message: 'The access token signature is invalid.',
    })
  })

  it('refuses an expired token', async () => {
    const { clock } = emulateTenant(contosoManaged())
    const token = await adeleToken()
    clock.advance(2 * 3600_000)
    const response = await postJoin(token, await joinBody())
    expect(response.status).toBe(401)
    expect((await response.json()).Message).toBe('The access token has expired.')
  })

  it('refuses a token for another audience, and a request with no token', async () => {
    const { tenant } = emulateTenant(contosoManaged())
    const body = await joinBody()
    const graphToken = await signToken(tenant, {
      ...decodeJwt(await adeleToken()),
      aud: 'https://graph.microsoft.com',
    })
    const wrongAudience = await postJoin(graphToken, body)
    expect(wrongAudience.status).toBe(401)
    expect((await wrongAudience.json()).Message).toBe(
      'The access token audience is not "urn:ms-drs:enterpriseregistration.windows.net".',
    )
    const noToken = await fetch(
      'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0',
      { method: 'POST', body: JSON.stringify(body) },
    )
    expect(noToken.status).toBe(401)
    expect((await noToken.json()).Message).toBe('The request carries no bearer access token.')
  })

  it('refuses a CSR whose signature does not match its key', async () => {
    emulateTenant(contosoManaged())
    const body = await joinBody()
    const der = Uint8Array.from(atob((body.CertificateRequest as { Data: string }).Data), (c) =>
      c.charCodeAt(0),
    )
    der[der.length - 10]! ^= 0xff // flip bits inside the signature
    const tampered = {
      ...body,
      CertificateRequest: { Type: 'pkcs10', Data: btoa(String.fromCharCode(...der)) },
    }
    const response = await postJoin(await adeleToken(), tampered)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      ErrorType: 'InvalidCertificateRequest',
      Message: 'The certificate request signature does not match its public key.',
    })
  })

  it('refuses a transport key blob that carries primes, and garbage JSON', async () => {
    emulateTenant(contosoManaged())
    const token = await adeleToken()
    const body = await joinBody()
    const blob = Uint8Array.from(atob(body.TransportKey as string), (c) => c.charCodeAt(0))
    new DataView(blob.buffer).setUint32(16, 128, true) // cbPrime1
    const withPrimes = await postJoin(token, { ...body, TransportKey: btoa(String.fromCharCode(...blob)) })
    expect((await withPrimes.json()).Message).toBe('"TransportKey" must not carry the private primes.')
    const garbage = await postJoin(token, '{"CertificateRequest": ')
    expect(garbage.status).toBe(400)
    expect(await garbage.json()).toMatchObject({
      ErrorType: 'InvalidRequest',
      Message: 'The request body is not a JSON object.',
      TraceId: expect.any(String),
      Time: expect.stringMatching(/^\d\d-\d\d-\d{4} \d\d:\d\d:\d\dZ$/),
    })
  })

  it('answers 503 in the DRS error shape when the fixture marks DRS as down', async () => {
    const fixture = contosoManaged()
    fixture.unavailable = ['drs']
    emulateTenant(fixture)
    const response = await postJoin(await adeleToken(), await joinBody())
    expect(response.status).toBe(503)
    expect((await response.json()).ErrorType).toBe('ServiceUnavailable')
  })
})
