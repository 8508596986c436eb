import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_kp_clientAuth,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDeviceCa, type DeviceCa } from '../../mocks/ca.ts'
import { issueDeviceCertificate } from '../../mocks/device-certificate.ts'
import { guidToBytes } from '../../mocks/guid.ts'
import { RSA_SHA256, toBase64 } from '../../mocks/x509.ts'
import { opensslText, opensslVerify } from '../support/openssl.ts'

const NOW = Date.UTC(2026, 0, 15, 9, 30)
const DEVICE_ID = '9d53c6fa-b38e-4509-a1f2-3c4d5e6f7081'
const USER_ID = '0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f'
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'

async function deviceKey(): Promise<Uint8Array<ArrayBuffer>> {
  const keys = await crypto.subtle.generateKey(RSA_SHA256, true, ['sign', 'verify'])
  return new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey))
}

function issue(ca: DeviceCa, subjectPublicKeyInfo: Uint8Array<ArrayBuffer>, joinTypeDigit: '0' | '1' = '1') {
  return issueDeviceCertificate({
    ca,
    subjectPublicKeyInfo,
    deviceId: DEVICE_ID,
    userObjectId: USER_ID,
    tenantId: TENANT_ID,
    region: 'EU',
    joinTypeDigit,
    now: NOW,
  })
}

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${toBase64(der)
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`

// Each value in an inner OCTET STRING, as DRS issues Microsoft's private extensions.
function privateExtension(oid: string, value: Uint8Array): Extension {
  return new Extension({
    extnID: oid,
    extnValue: new OctetString(AsnConvert.serialize(new OctetString(value))),
  })
}

/** The TBSCertificate a device certificate should have, built whole from @peculiar/asn1-x509's structures. */
function expectedTbs(ca: DeviceCa, spki: Uint8Array, serialNumber: ArrayBuffer, joinTypeDigit: string) {
  const algorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null })
  const cn = new AttributeTypeAndValue({
    type: '2.5.4.3',
    value: new AttributeValue({ printableString: DEVICE_ID }),
  })
  return new TBSCertificate({
    version: Version.v3,
    serialNumber,
    signature: algorithm,
    issuer: AsnConvert.parse(ca.certificate.subjectName.toArrayBuffer(), Name),
    validity: new Validity({
      notBefore: new Date(NOW - 30 * 60_000),
      notAfter: new Date(NOW + (10 * 365 + 2) * 24 * 3600_000),
    }),
    subject: new Name([new RelativeDistinguishedName([cn])]),
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: false }))),
      }),
      new Extension({
        extnID: id_ce_extKeyUsage,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new ExtendedKeyUsage([id_kp_clientAuth]))),
      }),
      privateExtension('1.2.840.113556.1.5.284.2', guidToBytes(DEVICE_ID)),
      privateExtension('1.2.840.113556.1.5.284.3', guidToBytes(USER_ID)),
      privateExtension('1.2.840.113556.1.5.284.5', guidToBytes(TENANT_ID)),
      privateExtension('1.2.840.113556.1.5.284.7', new TextEncoder().encode(joinTypeDigit)),
      privateExtension('1.2.840.113556.1.5.284.8', new TextEncoder().encode('EU')),
    ]),
  })
}

describe('device certificate issued from a template', () => {
  afterEach(() => vi.restoreAllMocks())

  it('encodes the same TBSCertificate as the whole structure would, for a joined and a registered device', async () => {
    const ca = await createDeviceCa(NOW)
    const spki = await deviceKey()
    for (const joinType of ['1', '0'] as const) {
      const der = await issue(ca, spki, joinType)
      const issued = AsnConvert.parse(der, Certificate)
      const expected = expectedTbs(ca, spki, issued.tbsCertificate.serialNumber, joinType)
      expect(Buffer.from(AsnConvert.serialize(issued.tbsCertificate))).toEqual(
        Buffer.from(AsnConvert.serialize(expected)),
      )
      // The whole certificate is DER: decoded and encoded again it comes back byte for byte.
      expect(Buffer.from(AsnConvert.serialize(issued))).toEqual(Buffer.from(der))
    }
  })

  it('is a certificate OpenSSL verifies against the CA, with the device ID as subject', async () => {
    const ca = await createDeviceCa(NOW)
    const der = await issue(ca, await deviceKey())
    expect(opensslVerify(ca.pem, pem(der))).toEqual({ ok: true, output: expect.stringMatching(/: OK$/) })
    const text = opensslText(pem(der))
    expect(text).toContain(`Subject: CN = ${DEVICE_ID}`)
    expect(text).toContain('Not Before: Jan 15 09:00:00 2026 GMT')
  })

  it('keeps its serial a positive INTEGER in its shortest form when the random bytes start with zero', async () => {
    const ca = await createDeviceCa(NOW)
    const spki = await deviceKey()
    // The serial's random bytes all zero: a leading 00 would be a non-minimal INTEGER.
    vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => array)
    const der = await issue(ca, spki)
    vi.restoreAllMocks()
    const serial = new Uint8Array(AsnConvert.parse(der, Certificate).tbsCertificate.serialNumber)
    expect(serial).toHaveLength(16)
    expect(serial[0]).toBeGreaterThanOrEqual(0x01)
    expect(serial[0]).toBeLessThanOrEqual(0x7f)
    expect(opensslVerify(ca.pem, pem(der)).ok).toBe(true)
  })
})
