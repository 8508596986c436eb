import { readFileSync } from 'node:fs'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Exchange, Trace } from '../../src/trace/schema.ts'
import { decodeCertificate } from '../../src/ui/inspector/certificate.ts'
import { decodeCsr } from '../../src/ui/inspector/csr.ts'
import { toCurl } from '../../src/ui/inspector/curl.ts'
import { decodePayloads } from '../../src/ui/inspector/decode-payload.ts'
import { artifactPayloads, classify, findPayloads } from '../../src/ui/inspector/find-payloads.ts'
import { findJwks } from '../../src/ui/inspector/payload-parts.ts'
import { formFields, isFormBody } from '../../src/ui/inspector/form.ts'
import { decodeToken } from '../../src/ui/inspector/jwt.ts'
import { bytesToGuid } from '../../src/ui/inspector/microsoft-extensions.ts'
import { decodeTransportKey } from '../../src/ui/inspector/transport-key.ts'

function recording(name: string): Trace {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace
}

const happy = recording('aadj-managed-happy')
const exchanges = happy.steps.flatMap((step) => step.exchanges)
const join = exchanges.find((exchange) => exchange.request.url.includes('/EnrollmentServer/device/'))!

describe('certificate decoder', () => {
  it('names the Microsoft extensions and reads their GUIDs mixed-endian', async () => {
    const certificate = await decodeCertificate(happy.artifacts.deviceCertificate!)
    const byName = Object.fromEntries(
      certificate.extensions.map((extension) => [extension.name, extension.value]),
    )
    expect(certificate.subject).toBe(`CN=${happy.artifacts.deviceId}`)
    expect(byName['Device ID']).toBe(happy.artifacts.deviceId)
    expect(byName['Tenant ID']).toBe(happy.device!['Tenant Details']!.TenantId)
    expect(byName['Join type']).toBe('1 (joined)')
    expect(byName['Extended Key Usage']).toBe('Client Authentication')
    expect(certificate.key).toEqual({ algorithm: 'RSA', size: 2048 })
    expect(certificate.signatureAlgorithm).toBe('RSASSA-PKCS1-v1_5 with SHA-256')
  })

  it('gives the SHA-1 thumbprint DRS reports for the certificate', async () => {
    const body = JSON.parse(join.response.body) as { Certificate: { Thumbprint: string; RawBody: string } }
    const certificate = await decodeCertificate(body.Certificate.RawBody)
    expect(certificate.thumbprintSha1).toBe(body.Certificate.Thumbprint)
    expect(certificate.issuer).toContain('CN=MS-Organization-Access')
  })

  it('reads GUID bytes with the first three groups little-endian', () => {
    const bytes = Uint8Array.from([
      0xfa, 0xc6, 0x53, 0x9d, 0x8e, 0xb3, 0x09, 0x45, 0x8f, 0xb1, 0x51, 0xde, 0xdb, 0x42, 0x1a, 0xac,
    ])
    expect(bytesToGuid(bytes)).toBe('9d53c6fa-b38e-4509-8fb1-51dedb421aac')
  })
})

describe('CSR and transport key decoders', () => {
  it('reads the CSR subject, key and a valid self-signature', async () => {
    const csr = await decodeCsr(happy.artifacts.csr!)
    expect(csr).toEqual({
      subject: 'CN=7E980AD9-B86D-4306-9425-9AC066FB014A',
      key: { algorithm: 'RSA', size: 2048 },
      signatureAlgorithm: 'RSASSA-PKCS1-v1_5 with SHA-256',
      signatureValid: true,
    })
  })

  it('reports a tampered CSR signature as invalid', async () => {
    const der = Buffer.from(happy.artifacts.csr!.replace(/-----[^-]+-----|\s/g, ''), 'base64')
    der[der.length - 5] ^= 0xff
    expect((await decodeCsr(new Uint8Array(der))).signatureValid).toBe(false)
  })

  it('reads the BCRYPT_RSAKEY_BLOB header words and the exponent', () => {
    const blob = decodeTransportKey(happy.artifacts.transportKey!)
    expect(blob).toMatchObject({
      bitLength: 2048,
      cbPublicExp: 3,
      cbModulus: 256,
      cbPrime1: 0,
      cbPrime2: 0,
      exponent: '65537 (0x010001)',
    })
    expect(blob.magic).toMatch(/^0x31415352 /)
  })
})

describe('JWT decoder', () => {
  const prtRequestOf = (trace: Trace) => {
    const sent = trace.steps
      .flatMap((step) => step.exchanges)
      .find((exchange) => exchange.request.body.includes('grant-type%3Ajwt-bearer'))!
    return new URLSearchParams(sent.request.body).get('request')!
  }

  it("checks a PRT request with the device certificate in its x5c, and says a redacted one can't be checked", async () => {
    const federated = await decodeToken(prtRequestOf(recording('aadj-federated-after-join')))
    expect([federated.signature, federated.reason]).toEqual([
      'verified',
      'Checked with the certificate in its x5c header.',
    ])
    const managed = await decodeToken(prtRequestOf(recording('aadj-managed-after-join')))
    expect(managed.claims.password).toBe('[redacted]')
    expect(managed.signature).toBe('not checked')
    const parts = prtRequestOf(recording('aadj-federated-after-join')).split('.')
    const forged = [parts[0], parts[1], `${parts[2]!.slice(0, -4)}AAAA`].join('.')
    expect((await decodeToken(forged)).signature).toBe('invalid')
  })

  it("verifies a recorded run's tokens against the JWKS it fetched in phase A", async () => {
    const jwks = findJwks(happy.steps)
    expect(jwks).toBeDefined()
    const decoded = await decodeToken(happy.artifacts.accessToken!, jwks)
    expect(decoded.signature).toBe('verified')
    expect(decoded.claims.aud).toBe('urn:ms-drs:enterpriseregistration.windows.net')
    expect(decoded.header.alg).toBe('RS256')
  })

  it('says "not checked" when the trace fetched no JWKS', async () => {
    const decoded = await decodeToken(happy.artifacts.accessToken!, findJwks([]))
    expect(decoded.signature).toBe('not checked')
  })

  it('verifies against the JWKS exchange in the trace, and refuses a forged token', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256')
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1' }
    const token = await new SignJWT({ upn: 'adele.vance@contoso.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(privateKey)
    const keysExchange: Exchange = {
      ...join,
      id: 'x9',
      request: {
        method: 'GET',
        url: 'https://login.microsoftonline.com/common/discovery/keys',
        headers: {},
        body: '',
      },
      response: { status: 200, headers: {}, body: JSON.stringify({ keys: [jwk] }) },
    }
    const jwks = findJwks([{ ...happy.steps[0]!, exchanges: [keysExchange] }])
    expect((await decodeToken(token, jwks)).signature).toBe('verified')
    const [header, , signature] = token.split('.')
    const forged = `${header}.${Buffer.from('{"upn":"mallory@contoso.com"}').toString('base64url')}.${signature}`
    expect((await decodeToken(forged, jwks)).signature).toBe('invalid')
  })
})

describe('finding payloads', () => {
  it('finds the bearer token, CSR, transport key and certificate in the join exchange', async () => {
    const payloads = findPayloads(join)
    expect(payloads.map((payload) => `${payload.kind} ${payload.where}`)).toEqual([
      'jwt request header › Authorization',
      'der request body › CertificateRequest › Data',
      'transport-key request body › TransportKey',
      'der response body › Certificate › RawBody',
    ])
    const decoded = await decodePayloads(payloads)
    expect(decoded.map((entry) => entry.kind)).toEqual(['jwt', 'csr', 'transport-key', 'certificate'])
  })

  it('classifies artifacts by content', () => {
    const kinds = artifactPayloads(happy.artifacts).map((payload) => payload.kind)
    expect(kinds).toEqual(expect.arrayContaining(['csr', 'certificate', 'transport-key', 'jwt']))
    expect(classify('adele.vance@contoso.com')).toBeUndefined()
  })

  it('reads form bodies as fields, with the password still redacted', () => {
    const token = exchanges.find(
      (exchange) => exchange.request.method === 'POST' && exchange.request.url.endsWith('/oauth2/token'),
    )!
    expect(isFormBody(token.request.body)).toBe(true)
    expect(Object.fromEntries(formFields(token.request.body))).toMatchObject({
      grant_type: 'password',
      password: '[redacted]',
      username: 'adele.vance@contoso.com',
    })
  })
})

describe('copy as curl', () => {
  it('quotes every part for a POSIX shell', () => {
    const exchange: Exchange = {
      ...join,
      request: {
        method: 'POST',
        url: 'https://x.test/a?b=1',
        headers: { 'content-type': 'text/plain', 'content-length': '9' },
        body: "it's <b>",
      },
    }
    expect(toCurl(exchange)).toBe(
      `curl -X 'POST' --url 'https://x.test/a?b=1' -H 'content-type: text/plain' --data-raw 'it'\\''s <b>'`,
    )
  })
})

describe('copy buttons', () => {
  it('name a payload by its last named part, never by a bare array position', async () => {
    const { copyName } = await import('../../src/ui/inspector/payload-parts.ts')
    expect(copyName('response body › keys › 0 › x5c › 0')).toBe('x5c[0]')
    expect(copyName('response body › Certificate › RawBody')).toBe('RawBody')
    expect(copyName('artifacts › certificates › 0')).toBe('certificates[0]')
    expect(copyName('request header › Authorization')).toBe('Authorization')
  })

  it("names an LDAP change's values after the attribute they belong to", async () => {
    const { copyName } = await import('../../src/ui/inspector/payload-parts.ts')
    const write = recording('haadj-managed-happy')
      .steps.flatMap((step) => step.exchanges)
      .find((exchange) => exchange.protocol === 'ldap' && exchange.request.body.includes('userCertificate'))!
    const certificate = findPayloads(write).find((payload) => payload.kind === 'der')!
    expect(certificate.where).toBe('request body › changes › 0 › userCertificate › 0')
    expect(copyName(certificate.where)).toBe('userCertificate[0]')
  })
})
