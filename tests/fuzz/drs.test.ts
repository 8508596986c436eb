import fc from 'fast-check'
import { decodeJwt, type JWTPayload } from 'jose'
import { describe, it } from 'vitest'
import { contosoHybrid, contosoManaged } from '../../mocks/fixtures/tenant.ts'
import type { Tenant } from '../../mocks/tenant.ts'
import { signToken } from '../../mocks/tokens.ts'
import { joinBody, passwordToken } from '../support/device-requests.ts'
import { emulateTenant } from '../support/tenant-harness.ts'
import { body, expectServiceAnswer, fuzz, headers, HOSTILE, query, segment, text } from './fuzz.ts'

const DRS = 'https://enterpriseregistration.windows.net'
const SYNCED_GUID = 'b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d'
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** Base64 DER, broken on purpose: cut, a bit flipped, bytes added, or replaced by noise. */
function brokenDer(valid: string) {
  const der = Buffer.from(valid, 'base64')
  return fc.oneof(
    fc.constant(valid),
    fc.nat(der.length).map((end) => toBase64(der.subarray(0, end))),
    fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
      const copy = Uint8Array.from(der)
      copy[at]! ^= 1 << bit
      return toBase64(copy)
    }),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((junk) => toBase64(Uint8Array.from([...der, ...junk]))),
    fc.uint8Array({ maxLength: 600 }).map(toBase64),
    text,
  )
}

/** A join body: each field kept, replaced by any JSON value, or dropped; CSR and key broken as DER. */
function joinBodies(valid: Record<string, unknown>) {
  const csr = (valid.CertificateRequest as { Data: string }).Data
  const anyValue = fc.oneof(fc.jsonValue(), fc.constantFrom(...HOSTILE))
  const fields = Object.fromEntries(
    Object.entries(valid).map(([name, value]) => [
      name,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(value) },
        { weight: 1, arbitrary: anyValue },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    ]),
  )
  return fc
    .record({
      ...fields,
      CertificateRequest: fc.oneof(
        fc.record({ Type: fc.oneof(fc.constant('pkcs10'), text), Data: brokenDer(csr) }),
        anyValue,
      ),
      ...(typeof valid.TransportKey === 'string'
        ? { TransportKey: fc.oneof(brokenDer(valid.TransportKey), anyValue) }
        : {}),
      JoinType: fc.oneof(fc.constantFrom(0, 4, 6, 8, -1, 0.5), anyValue),
    })
    .map((record) => JSON.stringify(record))
}

/** A bearer token: the real one, cut, a character changed, noise, or re-signed with changed claims. */
type TokenSpec = { kind: 'as-is'; value: string } | { kind: 'claims'; claims: JWTPayload }
function tokens(valid: string) {
  const claims = decodeJwt(valid)
  const claimValue = fc.oneof(fc.jsonValue(), fc.constant(undefined))
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<TokenSpec>({ kind: 'as-is', value: valid }) },
    fc.nat(valid.length).map<TokenSpec>((end) => ({ kind: 'as-is', value: valid.slice(0, end) })),
    fc
      .tuple(fc.nat(valid.length - 1), fc.constantFrom('A', '-', '.', '_', '='))
      .map<TokenSpec>(([at, char]) => ({
        kind: 'as-is',
        value: valid.slice(0, at) + char + valid.slice(at + 1),
      })),
    text.map<TokenSpec>((value) => ({ kind: 'as-is', value: value.replace(/[^\x20-\x7e]/g, '') })),
    fc
      .dictionary(
        fc.constantFrom('exp', 'nbf', 'tid', 'appid', 'scp', 'aud', 'iss', 'oid', 'accounttype'),
        claimValue,
        {
          maxKeys: 3,
        },
      )
      .map<TokenSpec>((changes) => ({ kind: 'claims', claims: { ...claims, ...changes } })),
  )
}

async function bearer(tenant: Tenant, spec: TokenSpec): Promise<string> {
  if (spec.kind === 'as-is') return `Bearer ${spec.value}`
  return `Bearer ${await signToken(tenant, spec.claims)}`
}

describe('fuzzing the emulated DRS', () => {
  it('answers both discovery forms with 200 or an error in DRS or Azure AD shape, never a 500', async () => {
    emulateTenant(contosoManaged())
    const request = fc
      .record({
        domain: fc.oneof(fc.constantFrom('contoso.com', '9d53c6fa-b38e-4509-8fb1-51dedb421aac'), segment),
        form: fc.constantFrom('enrollmentserver/contract', 'Discover'),
        query,
        headers,
      })
      .map((r) => ({ method: 'GET', url: `${DRS}/${r.domain}/${r.form}${r.query}`, headers: r.headers }))
    // An unknown tenant is Azure AD's AADSTS90002 in both forms.
    await fuzz('drs GET discovery', request, (input) => expectServiceAnswer(input, ['drs', 'azure-ad']), 200)
  })

  it('answers the join with a certificate or a DRS error for any token, CSR, key or body', async () => {
    const { tenant } = emulateTenant(contosoManaged())
    const token = (await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json())
      .access_token
    const request = fc.record({
      token: tokens(token),
      contentType: fc.oneof(
        { weight: 5, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: headers },
      ),
      query: fc.oneof(
        { weight: 3, arbitrary: fc.constant('?api-version=2.0') },
        { weight: 1, arbitrary: query },
      ),
      body: fc.oneof({ weight: 4, arbitrary: joinBodies(await joinBody()) }, { weight: 1, arbitrary: body }),
    })
    await fuzz(
      'drs POST EnrollmentServer/device',
      request,
      async (r) =>
        expectServiceAnswer(
          {
            method: 'POST',
            url: `${DRS}/EnrollmentServer/device/${r.query}`,
            headers: {
              ...(typeof r.contentType === 'string' ? { 'content-type': r.contentType } : r.contentType),
              authorization: await bearer(tenant, r.token),
            },
            body: r.body,
          },
          ['drs'],
        ),
      150,
    )
  })

  it('answers Windows Hello key registration with its MS-KPP error for any token or key', async () => {
    const { tenant } = emulateTenant(contosoManaged())
    const token = (await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json())
      .access_token
    const valid = await joinBody()
    const request = fc.record({
      token: tokens(token),
      accept: fc.oneof(
        fc.constant('application/json'),
        text.map((value) => value.replace(/[^\x20-\x7e]/g, '')),
      ),
      query: fc.oneof(fc.constant('?api-version=1.0'), query),
      body: fc.oneof(
        fc
          .oneof(brokenDer(valid.TransportKey as string), fc.jsonValue())
          .map((kngc) => JSON.stringify({ kngc })),
        body,
      ),
    })
    await fuzz(
      'drs POST EnrollmentServer/key',
      request,
      async (r) =>
        expectServiceAnswer(
          {
            method: 'POST',
            url: `${DRS}/EnrollmentServer/key/${r.query}`,
            headers: {
              'content-type': 'application/json',
              accept: r.accept,
              authorization: await bearer(tenant, r.token),
            },
            body: r.body,
          },
          ['key-provisioning'],
        ),
      150,
    )
  })

  it('answers the hybrid PUT and DELETE with DRS errors for any path, body or client certificate', async () => {
    emulateTenant(contosoHybrid(false))
    const valid = await joinBody({ JoinType: 6 })
    const adJoin = {
      TransportKey: valid.TransportKey,
      TargetDomain: 'corp.contoso.com',
      DeviceType: 'Windows',
      OSVersion: '10.0.22631.4460',
      DeviceDisplayName: 'DESKTOP-7Q2K9LM',
      TargetDomainId: '9d53c6fa-b38e-4509-8fb1-51dedb421aac',
      ClientIdentity: { Type: 'sha256signed', Sid: 'S-1-5-21-1.2026-01-15 09:00:00Z', SignedBlob: 'AAAA' },
    }
    const device = fc.oneof(fc.constant(SYNCED_GUID), segment)
    const put = fc
      .record({
        device,
        query: fc.oneof(fc.constant('?api-version=2.0'), query),
        body: fc.oneof(
          joinBodies({ CertificateRequest: valid.CertificateRequest, JoinType: 6, ServerAdJoinData: adJoin }),
          body,
        ),
        headers,
      })
      .map((r) => ({
        method: 'PUT',
        url: `${DRS}/EnrollmentServer/device/${r.device}${r.query}`,
        headers: { 'content-type': 'application/json', ...r.headers },
        body: r.body,
      }))
    const remove = fc
      .record({
        device,
        query,
        certificate: brokenDer(toBase64(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]))),
      })
      .map((r) => ({
        method: 'DELETE',
        url: `${DRS}/EnrollmentServer/device/${r.device}${r.query}`,
        headers: { 'x-device-join-tracer-client-certificate': r.certificate.replace(/[^\x20-\x7e]/g, '') },
      }))
    await fuzz(
      'drs PUT and DELETE EnrollmentServer/device/{id}',
      fc.oneof(put, remove),
      (input) => expectServiceAnswer(input, ['drs']),
      200,
    )
  })
})
