import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { SignJWT, decodeJwt, type JWTPayload } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import type { Tenant } from '../../mocks/tenant.ts'
import { DRS_JOIN, joinBody, passwordToken, postJoin } from '../support/device-requests.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

async function adeleToken(): Promise<string> {
  return (await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json()).access_token
}

/** A token signed with Azure AD's real key, so only the claim or header under test is wrong. */
async function signedWith(tenant: Tenant, claims: JWTPayload, header: Record<string, unknown> = {}) {
  const key = await tenant.signingKey()
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })
    .sign(key.privateKey)
}

async function refusal(response: Response) {
  return { status: response.status, ...(await response.json()) }
}

describe('DRS checks the certificate request as strictly as documented', () => {
  it('refuses a CSR signed with sha1WithRSAEncryption', async () => {
    emulateTenant(contosoManaged())
    const algorithm = {
      name: 'RSASSA-PKCS1-v1_5',
      hash: 'SHA-1',
      publicExponent: new Uint8Array([1, 0, 1]),
      modulusLength: 2048,
    }
    const keys = await crypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=device',
      keys,
      signingAlgorithm: algorithm,
    })
    const body = await joinBody({
      CertificateRequest: { Type: 'pkcs10', Data: toBase64(new Uint8Array(csr.rawData)) },
    })
    expect(await refusal(await postJoin(await adeleToken(), body))).toMatchObject({
      status: 400,
      ErrorType: 'InvalidCertificateRequest',
      Message: 'The certificate request must be signed with sha256WithRSAEncryption.',
    })
  })

  it.each([
    ['trailing bytes', (der: Uint8Array) => Uint8Array.from([...der, 0x05, 0x00])],
    ['a second request', (der: Uint8Array) => Uint8Array.from([...der, ...der])],
  ])('refuses a CSR with %s after its DER', async (_case, extend) => {
    emulateTenant(contosoManaged())
    const body = await joinBody()
    const der = fromBase64((body.CertificateRequest as { Data: string }).Data)
    const junk = { ...body, CertificateRequest: { Type: 'pkcs10', Data: toBase64(extend(der)) } }
    expect(await refusal(await postJoin(await adeleToken(), junk))).toMatchObject({
      status: 400,
      ErrorType: 'InvalidCertificateRequest',
      Message: '"CertificateRequest.Data" is not exactly one DER-encoded PKCS#10 request.',
    })
  })
})

describe('DRS checks the transport key is a usable RSA public key', () => {
  // The blob: a 24-byte header, then cbPublicExp exponent bytes, then the 256-byte modulus.
  const cases: Array<[string, (blob: Uint8Array, cbPublicExp: number) => void, string]> = [
    ['an all-zero modulus', (blob, e) => blob.fill(0, 24 + e), 'the modulus is not a 2048-bit odd number'],
    [
      'an even modulus',
      (blob) => (blob[blob.length - 1]! &= 0xfe),
      'the modulus is not a 2048-bit odd number',
    ],
    ['a 2047-bit modulus', (blob, e) => (blob[24 + e]! &= 0x7f), 'the modulus is not a 2048-bit odd number'],
    [
      'exponent 1',
      (blob, e) => blob.fill(0, 24, 24 + e).fill(1, 24 + e - 1, 24 + e),
      'the public exponent is not an odd number from 3 to 2^32-1',
    ],
    [
      'an even exponent',
      (blob, e) => (blob[24 + e - 1]! &= 0xfe),
      'the public exponent is not an odd number from 3 to 2^32-1',
    ],
  ]
  it.each(cases)('refuses %s', async (_case, breakIt, reason) => {
    emulateTenant(contosoManaged())
    const body = await joinBody()
    const blob = fromBase64(body.TransportKey as string)
    breakIt(blob, new DataView(blob.buffer).getUint32(8, true))
    expect(
      await refusal(await postJoin(await adeleToken(), { ...body, TransportKey: toBase64(blob) })),
    ).toMatchObject({
      status: 400,
      ErrorType: 'InvalidTransportKey',
      Message: `"TransportKey" is not a valid RSA public key: ${reason}.`,
    })
  })
})

describe('DRS takes the JSON join only as JSON', () => {
  it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonp'])(
    'refuses Content-Type %s with 415',
    async (contentType) => {
      emulateTenant(contosoManaged())
      const response = await fetch(DRS_JOIN, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await adeleToken()}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body: new Blob([JSON.stringify(await joinBody())]),
      })
      expect(await refusal(response)).toMatchObject({
        status: 415,
        ErrorType: 'InvalidRequest',
        Message: `The request's content type "${contentType ?? ''}" is not supported: send application/json.`,
      })
    },
  )

  it('takes application/json with a charset', async () => {
    emulateTenant(contosoManaged())
    const response = await fetch(DRS_JOIN, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await adeleToken()}`,
        'content-type': 'Application/JSON; charset=utf-8',
      },
      body: JSON.stringify(await joinBody()),
    })
    expect(response.status).toBe(200)
  })
})

describe('DRS checks the access token as the real service does', () => {
  it.each<[string, (claims: JWTPayload) => JWTPayload, Record<string, unknown>, string]>([
    ['no exp', ({ exp: _exp, ...claims }) => claims, {}, 'The access token has no expiry ("exp").'],
    [
      'a kid Azure AD does not publish',
      (claims) => claims,
      { kid: 'not-the-published-key' },
      'The access token was signed with a key Azure AD does not publish (kid "not-the-published-key").',
    ],
    [
      'no kid',
      (claims) => claims,
      { kid: undefined },
      'The access token was signed with a key Azure AD does not publish (kid "").',
    ],
    [
      'another tenant',
      (claims) => ({ ...claims, tid: '00000000-0000-0000-0000-000000000001' }),
      {},
      'The access token was issued for another tenant.',
    ],
    [
      'an unknown application',
      (claims) => ({ ...claims, appid: '11111111-2222-3333-4444-555555555555' }),
      {},
      'The application "11111111-2222-3333-4444-555555555555" in the access token may not register devices.',
    ],
    [
      'no delegated scope',
      ({ scp: _scp, ...claims }) => claims,
      {},
      'The access token carries no scope that allows device registration.',
    ],
    [
      'an unrelated scope',
      (claims) => ({ ...claims, scp: 'Mail.Read' }),
      {},
      'The access token carries no scope that allows device registration.',
    ],
    [
      'an audience list',
      (claims) => ({
        ...claims,
        aud: ['urn:ms-drs:enterpriseregistration.windows.net', 'https://graph.microsoft.com'],
      }),
      {},
      'The access token audience is not "urn:ms-drs:enterpriseregistration.windows.net".',
    ],
  ])('refuses a token with %s', async (_case, change, header, message) => {
    const { tenant } = emulateTenant(contosoManaged())
    const token = await signedWith(tenant, change(decodeJwt(await adeleToken())), header)
    expect(await refusal(await postJoin(token, await joinBody()))).toMatchObject({
      status: 401,
      ErrorType: 'AuthenticationError',
      Message: message,
    })
  })

  it('still takes the token Azure AD issued, unchanged but re-signed', async () => {
    const { tenant } = emulateTenant(contosoManaged())
    const token = await signedWith(tenant, decodeJwt(await adeleToken()))
    expect((await postJoin(token, await joinBody())).status).toBe(200)
  })
})
