import { computerUpn, registerDevice } from './drs-register.ts'
import { ProtocolError } from './protocol-error.ts'
import { readJsonObject } from './respond.ts'
import { serviceNow, type DeviceObject, type Tenant } from './tenant.ts'
import { fromBase64, RSA_SHA256, x509 } from './x509.ts'

const FRESHNESS_MS = 5 * 60_000
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DEVICE_FIELDS = ['TargetDomain', 'DeviceType', 'OSVersion', 'DeviceDisplayName'] as const

/**
 * Hybrid join completion: `PUT /EnrollmentServer/device/{objectGUID}`, no bearer token. Rules:
 * - the path names a GUID, JoinType is 6, `ServerAdJoinData` names the device and this tenant (by
 *   domain and ID), and its `ClientIdentity` is `sha256signed`;
 * - Azure AD already has the device object (Azure AD Connect synced it) with a userCertificate;
 * - `Sid` is the computer's objectSid and a timestamp within five minutes of now (run clock);
 * - `SignedBlob` verifies over `Sid` with the synced certificate's key;
 * - then the usual transport key and CSR checks, and DRS issues the device certificate.
 * @see protocol.md "Hybrid sync-join (managed)"
 */
export async function hybridJoin(tenant: Tenant, request: Request, objectGuid: string): Promise<Response> {
  if (!GUID.test(objectGuid))
    throw new ProtocolError('drs', 400, 'InvalidRequest', `"${objectGuid}" in the path is not an objectGUID.`)
  const body = await readJsonObject(request, 'drs')
  if (body.JoinType !== 6)
    throw new ProtocolError(
      'drs',
      400,
      'InvalidRequest',
      `"JoinType" ${JSON.stringify(body.JoinType)} is not a hybrid join (6).`,
    )
  const adJoin = requireServerAdJoinData(tenant, body.ServerAdJoinData)
  const device = tenant.devices.get(objectGuid.toLowerCase())
  if (!device || device.userCertificates.length === 0) {
    throw new ProtocolError(
      'drs',
      400,
      'DirectoryError',
      `The device object by the given id (${objectGuid}) isn't found.`,
    )
  }
  await requireClientIdentity(tenant, device, adJoin.ClientIdentity)
  const displayName = String(adJoin.DeviceDisplayName)
  return registerDevice(tenant, {
    deviceId: device.deviceId,
    userObjectId: device.deviceId,
    joinType: 6,
    displayName,
    transportKey: adJoin.TransportKey,
    certificateRequest: body.CertificateRequest,
    upn: computerUpn(tenant, displayName),
    administratorSids: [],
  })
}

function requireServerAdJoinData(tenant: Tenant, value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ProtocolError('drs', 400, 'InvalidRequest', '"ServerAdJoinData" is missing.')
  const adJoin = value as Record<string, unknown>
  const missing = DEVICE_FIELDS.find((field) => typeof adJoin[field] !== 'string' || adJoin[field] === '')
  if (missing)
    throw new ProtocolError('drs', 400, 'InvalidRequest', `"ServerAdJoinData.${missing}" is missing.`)
  // TargetDomain may be a verified domain or the tenant ID (roadtx's register_hybrid_device sends
  // the tenant ID in both [clients: ROADtools roadlib deviceauth.py]); TargetDomainId must be the ID.
  const { tenantId, domain } = tenant.fixture
  if (
    String(adJoin.TargetDomainId ?? '').toLowerCase() !== tenantId ||
    ![domain, tenantId].includes(String(adJoin.TargetDomain).toLowerCase())
  ) {
    throw new ProtocolError(
      'drs',
      400,
      'DirectoryError',
      `"ServerAdJoinData.TargetDomain" and "TargetDomainId" (${JSON.stringify(adJoin.TargetDomain)}, ${JSON.stringify(adJoin.TargetDomainId)}) do not name this tenant.`,
    )
  }
  return adJoin
}

async function requireClientIdentity(tenant: Tenant, device: DeviceObject, value: unknown): Promise<void> {
  const { Type, Sid, SignedBlob } = (value ?? {}) as Record<string, unknown>
  if (Type !== 'sha256signed' || typeof Sid !== 'string' || typeof SignedBlob !== 'string') {
    throw authentication('"ClientIdentity" must be { "Type": "sha256signed", "Sid", "SignedBlob" }.')
  }
  const match = /^(S-1-[\d-]+)\.(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z$/.exec(Sid)
  if (!match || match[1] !== device.onPremObjectSid)
    throw authentication('"ClientIdentity.Sid" does not name this computer.')
  const signedAt = Date.parse(`${match[2]!.replace(' ', 'T')}Z`)
  if (Math.abs(serviceNow(tenant, 'drs') - signedAt) > FRESHNESS_MS)
    throw authentication('"ClientIdentity.Sid" is stale: its timestamp is more than five minutes off.')
  const signature = fromBase64(SignedBlob)
  for (const der of device.userCertificates) {
    const key = await new x509.X509Certificate(der).publicKey.export(RSA_SHA256, ['verify'])
    if (
      signature &&
      (await crypto.subtle.verify(RSA_SHA256, key, signature as BufferSource, new TextEncoder().encode(Sid)))
    )
      return
  }
  throw authentication(
    '"ClientIdentity.SignedBlob" does not verify with the userCertificate Azure AD holds for this device.',
  )
}

function authentication(message: string): ProtocolError {
  return new ProtocolError('drs', 401, 'AuthenticationError', message)
}
