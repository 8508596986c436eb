import { http, HttpResponse } from 'msw'
import { requireDrsAccessToken } from './checks/access-token.ts'
import { requireJsonContentType } from './checks/json-content-type.ts'
import { contractDiscovery, modernDiscovery } from './drs-discovery.ts'
import { deleteDevice } from './drs-delete.ts'
import { computerUpn, registerDevice } from './drs-register.ts'
import { hybridJoin } from './drs-hybrid.ts'
import { objectIdToSid } from './guid.ts'
import { ProtocolError } from './protocol-error.ts'
import { guarded, readJsonObject } from './respond.ts'
import type { Tenant } from './tenant.ts'
import { DRS, DRS_RESOURCE } from './well-known.ts'

const JOIN_API_VERSIONS = ['1.0', '2.0']
const CLOUD_JOIN_TYPES = [0, 4] // 0 Azure AD joined, 4 Azure AD registered
// Microsoft Graph's deviceRegistrationPolicy.userDeviceQuota: "The default value is set to 50" (corrected
// from 20, which older portals showed).
const DEFAULT_DEVICE_QUOTA = 50

/** The Azure Device Registration Service: discovery and the join endpoint. */
export function createDrsHandlers(tenant: Tenant) {
  return [
    http.get(
      `${DRS}/:domain/enrollmentserver/contract`,
      guarded(tenant, 'drs', 'drs', ({ request, params }) => {
        requireTenantName(tenant, String(params.domain))
        requireJsonAccepted(request)
        return HttpResponse.json(contractDiscovery(tenant))
      }),
    ),
    http.get(
      `${DRS}/:domain/Discover`,
      guarded(tenant, 'drs', 'drs', ({ params }) => {
        requireTenantName(tenant, String(params.domain))
        return HttpResponse.json(modernDiscovery(tenant))
      }),
    ),
    http.post(
      `${DRS}/EnrollmentServer/device/`,
      guarded(tenant, 'drs', 'drs', ({ request }) => join(tenant, request)),
    ),
    http.delete(
      `${DRS}/EnrollmentServer/device/:deviceId`,
      guarded(tenant, 'drs', 'drs', ({ request, params }) =>
        deleteDevice(tenant, request, String(params.deviceId)),
      ),
    ),
    http.put(
      `${DRS}/EnrollmentServer/device/:objectGuid`,
      guarded(tenant, 'drs', 'drs', ({ request, params }) => {
        requireApiVersion(request)
        requireJsonContentType(request)
        return hybridJoin(tenant, request, String(params.objectGuid))
      }),
    ),
  ]
}

function requireApiVersion(request: Request): void {
  const apiVersion = new URL(request.url).searchParams.get('api-version') ?? ''
  if (!JOIN_API_VERSIONS.includes(apiVersion)) {
    throw new ProtocolError('drs', 400, 'InvalidRequest', `The api-version "${apiVersion}" is not supported.`)
  }
}

function requireTenantName(tenant: Tenant, name: string): void {
  const { domain, tenantId } = tenant.fixture
  if ([domain, tenantId].includes(name.toLowerCase())) return
  throw new ProtocolError('azure-ad', 400, 'invalid_tenant', `Tenant '${name}' not found.`, 90002)
}

// MS-DVRD 3.1.5.1.1.3: with no Accept the answer is XML; this emulation only speaks JSON and says so.
function requireJsonAccepted(request: Request): void {
  const accept = request.headers.get('accept') ?? ''
  if (!/application\/json|\*\/\*/.test(accept)) {
    throw new ProtocolError(
      'drs',
      406,
      'InvalidRequest',
      'Send "Accept: application/json": the emulated DRS does not serve the XML discovery document.',
    )
  }
}

/**
 * The join endpoint. Rules, in order:
 * - `api-version` is one DRS serves; the bearer token passes every check of requireDrsAccessToken;
 * - `Content-Type` is application/json and the body is JSON with `JoinType` 0 or 4, a public-only RSA-2048 `TransportKey`, and a
 *   `CertificateRequest` signed by the key it carries;
 * then DRS creates the device object and signs a certificate for the CSR's key.
 * @see protocol.md "G. Join request (DRS)"
 */
async function join(tenant: Tenant, request: Request): Promise<Response> {
  requireApiVersion(request)
  const claims = await requireDrsAccessToken(request, tenant, DRS_RESOURCE)
  requireJsonContentType(request)
  const body = await readJsonObject(request, 'drs')
  const joinType = body.JoinType
  if (claims.accounttype === 'DJ') {
    // A domain computer's token (from an AD FS assertion) registers only as a hybrid join.
    if (joinType !== 6)
      throw new ProtocolError(
        'drs',
        400,
        'InvalidRequest',
        `"JoinType" ${JSON.stringify(joinType)} is not allowed with a computer token: only 6 (hybrid).`,
      )
    return computerJoin(tenant, body, claims)
  }
  if (typeof joinType !== 'number' || !CLOUD_JOIN_TYPES.includes(joinType)) {
    throw new ProtocolError(
      'drs',
      400,
      'InvalidRequest',
      `"JoinType" ${JSON.stringify(joinType)} is not allowed with a user token.`,
    )
  }
  const user = tenant.fixture.users.find((candidate) => candidate.objectId === claims.oid)
  if (!user)
    throw new ProtocolError('drs', 400, 'DirectoryError', 'The user in the token is not in this directory.')
  requireUnderDeviceQuota(tenant, user.upn)
  return registerDevice(tenant, {
    deviceId: tenant.deps.newId().toLowerCase(),
    userObjectId: user.objectId,
    joinType,
    displayName: String(body.DeviceDisplayName ?? ''),
    transportKey: body.TransportKey,
    certificateRequest: body.CertificateRequest,
    upn: user.upn,
    administratorSids: [objectIdToSid(user.objectId)],
    objectFields: { registeredBy: user.upn },
  })
}

/**
 * Entra's "Maximum number of devices per user" (50 unless the tenant sets another, Infinity for
 * Unlimited): a user who has joined or registered that many may join no more. MS-DVRE 4.1.3 names the refusal `ErrorType`
 * AuthorizationError with `DeviceCapReached`; the JSON join's status and the rest of the words are
 * ours [unconfirmed]. Windows reports it as 0x801C000E (diagnostics.md 3.2).
 */
function requireUnderDeviceQuota(tenant: Tenant, upn: string): void {
  const quota = tenant.overrides.deviceQuota ?? tenant.fixture.maxDevicesPerUser ?? DEFAULT_DEVICE_QUOTA
  if (quota === Infinity) return // Unlimited: no need to count every device the tenant holds
  const owned = [...tenant.devices.values()].filter((device) => device.registeredBy === upn).length
  if (owned < quota) return
  throw new ProtocolError(
    'drs',
    403,
    'AuthorizationError',
    `DeviceCapReached: ${upn} already has the most devices one user may have.`,
  )
}

/**
 * Hybrid join with a computer token (federated domains). MS-DVRJ: the token must say accounttype
 * DJ and carry the computer's objectGUID and SID; the device ID is the objectGUID.
 */
async function computerJoin(
  tenant: Tenant,
  body: Record<string, unknown>,
  claims: Record<string, unknown>,
): Promise<Response> {
  const deviceId = String(claims.onprem_objectguid ?? '').toLowerCase()
  if (!deviceId || !claims.onprem_sid)
    throw new ProtocolError(
      'drs',
      400,
      'InvalidRequest',
      'The computer token lacks the objectGUID or SID claim.',
    )
  const displayName = String(body.DeviceDisplayName ?? '')
  return registerDevice(tenant, {
    deviceId,
    userObjectId: deviceId,
    joinType: 6,
    displayName,
    transportKey: body.TransportKey,
    certificateRequest: body.CertificateRequest,
    upn: computerUpn(tenant, displayName),
    administratorSids: [],
    objectFields: { onPremObjectSid: String(claims.onprem_sid) },
  })
}
