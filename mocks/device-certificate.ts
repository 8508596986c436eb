import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  ExtendedKeyUsage,
  Extension,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_kp_clientAuth,
  Name,
  RelativeDistinguishedName,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import type { DeviceCa } from './ca.ts'
import { guidToBytes } from './guid.ts'
import { RSA_SHA256 } from './x509.ts'

/** Microsoft's private extensions on a device certificate. @see MS-DVRJ example certificate */
const DEVICE_EXTENSION_OIDS = {
  deviceId: '1.2.840.113556.1.5.284.2',
  userId: '1.2.840.113556.1.5.284.3',
  tenantId: '1.2.840.113556.1.5.284.5',
  joinType: '1.2.840.113556.1.5.284.7',
  tenantRegion: '1.2.840.113556.1.5.284.8',
} as const
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const COMMON_NAME = '2.5.4.3'

export interface DeviceCertificateRequest {
  ca: DeviceCa
  /** The CSR's key: its SubjectPublicKeyInfo as the CSR carries it, DER. */
  subjectPublicKeyInfo: Uint8Array
  deviceId: string
  userObjectId: string
  tenantId: string
  region: string
  /** "1" for a joined device, "0" for a registered one. */
  joinTypeDigit: '0' | '1'
  now: number
}

const TEN_YEARS = (10 * 365 + 2) * 24 * 3600_000
/**
 * NotBefore is backdated for clock skew, as CAs do, so a device whose clock is a little behind can
 * use its certificate at once. A Microsoft (AD CS) CA backdates by its ClockSkewMinutes, 10 minutes by
 * default (confirmed: sysadmins.lv on AD CS), which matches the MS-DVRJ sample from AD FS's DRS
 * (NotAfter = NotBefore + 3650 days + 10 minutes). The cloud sample in the references shows
 * NotAfter = NotBefore + 10 years + 30 minutes: we read that as a 30-minute backdate (inferred, not
 * confirmed) and issue that way.
 */
const NOT_BEFORE_BACKDATE_MS = 30 * 60_000

/**
 * The device certificate DRS issues for the CSR's key, as DER. Its TBSCertificate is a template:
 * everything a tenant's certificates share (version, algorithm, issuer, five of the seven
 * extensions) is encoded once by @peculiar/asn1-x509, and a join encodes only what is its own (serial,
 * validity, subject, key, the device and user extensions) and puts the parts together. Encoding the
 * whole structure with asn1-schema cost about 1.5 ms a join (@peculiar/x509's generator before it,
 * 4.7 ms); the bytes are the same (tests/mocks/device-certificate.test.ts compares them).
 */
export async function issueDeviceCertificate(request: DeviceCertificateRequest): Promise<Uint8Array> {
  const { ca, deviceId, now } = request
  const shared = sharedParts(request)
  const tbsDer = derElement(SEQUENCE, [
    shared.versionDer,
    derElement(INTEGER, [serialNumber()]),
    shared.algorithmDer,
    shared.issuerDer,
    new Uint8Array(
      AsnConvert.serialize(
        new Validity({
          notBefore: new Date(now - NOT_BEFORE_BACKDATE_MS),
          notAfter: new Date(now + TEN_YEARS),
        }),
      ),
    ),
    new Uint8Array(AsnConvert.serialize(commonName(deviceId))),
    request.subjectPublicKeyInfo,
    derElement(EXTENSIONS_TAG, [
      derElement(SEQUENCE, [
        shared.leadingExtensionsDer,
        guidExtension(shared.deviceIdExtension, deviceId),
        guidExtension(shared.userIdExtension, request.userObjectId),
        shared.trailingExtensionsDer,
      ]),
    ]),
  ])
  const signature = await crypto.subtle.sign(RSA_SHA256, ca.privateKey, tbsDer)
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.
  const signatureValue = derElement(BIT_STRING, [new Uint8Array([0]), new Uint8Array(signature)])
  return derElement(SEQUENCE, [tbsDer, shared.algorithmDer, signatureValue])
}

const SEQUENCE = 0x30
const INTEGER = 0x02
const BIT_STRING = 0x03
/** `[3] EXPLICIT Extensions` in TBSCertificate (constructed, context-specific, tag 3). */
const EXTENSIONS_TAG = 0xa3

/**
 * 16 random bytes, a positive INTEGER in its shortest form: the first byte is 0x01 to 0x7f, since a
 * leading 0x00 would make the DER encoding not minimal (a serial of 00 05 … is one OpenSSL refuses)
 * and 0x80 or more would make it negative (RFC 5280 4.1.2.2 asks for a positive serial).
 */
function serialNumber(): Uint8Array {
  const serial = crypto.getRandomValues(new Uint8Array(16))
  serial[0] = ((serial[0] ?? 0) % 0x7f) + 1
  return serial
}

/**
 * One DER element around contents already encoded: the tag, the definite length (short form under
 * 128 bytes, else 0x80 + the number of length bytes, big-endian: X.690 8.1.3), then the contents.
 */
function derElement(tag: number, contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0
  for (const part of contents) length += part.length
  const lengthBytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256)
  const header = length < 128 ? [tag, length] : [tag, 0x80 + lengthBytes.length, ...lengthBytes]
  const element = new Uint8Array(header.length + length)
  element.set(header)
  let offset = header.length
  for (const part of contents) {
    element.set(part, offset)
    offset += part.length
  }
  return element
}

/** `CN=<device ID>`, a PrintableString as DRS (and @peculiar/x509) encode a GUID. */
function commonName(value: string): Name {
  const attribute = new AttributeTypeAndValue({
    type: COMMON_NAME,
    value: new AttributeValue({ printableString: value }),
  })
  return new Name([new RelativeDistinguishedName([attribute])])
}

/** An extension whose value is a GUID, encoded once with a zero GUID: its last 16 bytes are the GUID's. */
function guidExtensionTemplate(oid: string): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(privateExtension(oid, new Uint8Array(16))))
}

function guidExtension(template: Uint8Array, guid: string): Uint8Array {
  const der = template.slice()
  der.set(guidToBytes(guid), der.length - 16)
  return der
}

interface SharedParts {
  versionDer: Uint8Array
  algorithmDer: Uint8Array
  issuerDer: Uint8Array
  /** Basic constraints and EKU, encoded one after the other. */
  leadingExtensionsDer: Uint8Array
  deviceIdExtension: Uint8Array
  userIdExtension: Uint8Array
  /** Tenant ID, join type and region (the order they are issued in). */
  trailingExtensionsDer: Uint8Array
}

const sharedByCa = new WeakMap<DeviceCa, Map<string, SharedParts>>()
const SHA256_WITH_RSA_ALGORITHM = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null })

/** What every device certificate of a CA, tenant and join type carries alike, encoded once. */
function sharedParts(request: DeviceCertificateRequest): SharedParts {
  let byKind = sharedByCa.get(request.ca)
  if (!byKind) sharedByCa.set(request.ca, (byKind = new Map()))
  const key = `${request.tenantId}|${request.joinTypeDigit}|${request.region}`
  let parts = byKind.get(key)
  if (!parts) byKind.set(key, (parts = encodeSharedParts(request)))
  return parts
}

function encodeSharedParts(request: DeviceCertificateRequest): SharedParts {
  const encode = (...values: object[]) =>
    concat(values.map((value) => new Uint8Array(AsnConvert.serialize(value))))
  return {
    // [0] EXPLICIT Version: v3 (2).
    versionDer: derElement(0xa0, [derElement(INTEGER, [new Uint8Array([Version.v3])])]),
    algorithmDer: encode(SHA256_WITH_RSA_ALGORITHM),
    // The CA certificate's subject, as its own DER has it.
    issuerDer: new Uint8Array(request.ca.certificate.subjectName.toArrayBuffer()),
    leadingExtensionsDer: encode(
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
    ),
    deviceIdExtension: guidExtensionTemplate(DEVICE_EXTENSION_OIDS.deviceId),
    userIdExtension: guidExtensionTemplate(DEVICE_EXTENSION_OIDS.userId),
    trailingExtensionsDer: encode(
      privateExtension(DEVICE_EXTENSION_OIDS.tenantId, guidToBytes(request.tenantId)),
      privateExtension(DEVICE_EXTENSION_OIDS.joinType, new TextEncoder().encode(request.joinTypeDigit)),
      privateExtension(DEVICE_EXTENSION_OIDS.tenantRegion, new TextEncoder().encode(request.region)),
    ),
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    joined.set(part, offset)
    offset += part.length
  }
  return joined
}

// Each value is wrapped in an inner OCTET STRING, as in the certificates DRS issues.
function privateExtension(oid: string, value: Uint8Array): Extension {
  const inner = AsnConvert.serialize(new OctetString(value))
  return new Extension({ extnID: oid, critical: false, extnValue: new OctetString(inner) })
}
