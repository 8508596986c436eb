import { HttpResponse } from 'msw'
import { requireCertificateRequest } from './checks/certificate-request.ts'
import { isJwkTransportKey, requireJwkTransportKey } from './checks/jwk-transport-key.ts'
import { requireTransportKey } from './checks/transport-key.ts'
import { issueDeviceCertificate } from './device-certificate.ts'
import type { DeviceObject, Tenant } from './tenant.ts'
import { sha1Hex, toBase64 } from './x509.ts'

/** What one registration path (cloud join, computer-token join, hybrid completion) decided. */
export interface Registration {
  /** The device ID: a new GUID for a cloud join, the computer's objectGUID for a hybrid one. */
  deviceId: string
  /** Whom the certificate's user extension names: the joining user, or the device itself. */
  userObjectId: string
  /** MS-DVRJ JoinType: 0 joined, 4 registered, 6 hybrid. */
  joinType: number
  displayName: string
  /** The request's `TransportKey` and `CertificateRequest`, not yet checked. */
  transportKey: unknown
  certificateRequest: unknown
  /** `User.Upn` in the answer: the user, or `COMPUTER$@domain` for a hybrid join. */
  upn: string
  /** SIDs DRS asks the client to add to the local Administrators group. */
  administratorSids: string[]
  /** Fields only this path sets on the device object (who registered it, the computer's SID). */
  objectFields?: Pick<DeviceObject, 'registeredBy' | 'onPremObjectSid'>
}

const ADMINISTRATORS = 'S-1-5-32-544'

/**
 * The tail every registration path shares, once: check the transport key and the CSR, sign the
 * device certificate for the CSR's key, create or update the device object (a synced hybrid
 * object keeps its userCertificates and creation time), and answer in DRS's join shape.
 * @see protocol.md "G. Join request (DRS)"
 */
export async function registerDevice(tenant: Tenant, registration: Registration): Promise<Response> {
  const { deviceId, joinType } = registration
  // Windows sends a BCRYPT_RSAKEY_BLOB, macOS and Android a JWK.
  if (isJwkTransportKey(registration.transportKey)) requireJwkTransportKey(registration.transportKey)
  else requireTransportKey(registration.transportKey)
  const csr = await requireCertificateRequest(registration.certificateRequest)
  const now = tenant.deps.now()
  const certificate = await issueDeviceCertificate({
    ca: await tenant.deviceCa(),
    subjectPublicKeyInfo: csr.subjectPublicKeyInfo,
    deviceId,
    userObjectId: registration.userObjectId,
    tenantId: tenant.fixture.tenantId,
    region: tenant.fixture.region,
    // Only an Azure AD registered device (JoinType 4) carries "0"; joined and hybrid carry "1".
    joinTypeDigit: joinType === 4 ? '0' : '1',
    now,
  })
  const thumbprint = await sha1Hex(certificate)
  const existing = tenant.devices.get(deviceId)
  tenant.devices.set(deviceId, {
    ...existing,
    ...registration.objectFields,
    deviceId,
    displayName: registration.displayName,
    joinType,
    userCertificates: existing?.userCertificates ?? [],
    deviceCertificateThumbprint: thumbprint,
    transportKey: String(registration.transportKey),
    createdAt: existing?.createdAt ?? now,
  })
  return HttpResponse.json({
    Certificate: { Thumbprint: thumbprint, RawBody: toBase64(certificate) },
    User: { Upn: registration.upn },
    MembershipChanges: [{ LocalSID: ADMINISTRATORS, AddSIDs: registration.administratorSids }],
  })
}

/** `COMPUTER$@domain`: the UPN DRS answers for a hybrid-joined computer. */
export function computerUpn(tenant: Tenant, displayName: string): string {
  return `${displayName}$@${tenant.fixture.onPremises?.dnsDomain ?? tenant.fixture.domain}`
}
