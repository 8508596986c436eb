import { http, HttpResponse } from 'msw'
import { requireDrsAccessToken } from './checks/access-token.ts'
import { rsaNumbers } from './device-keys.ts'
import { ProtocolError } from './protocol-error.ts'
import { guarded, readJsonObject } from './respond.ts'
import type { Tenant } from './tenant.ts'
import { DRS, DRS_RESOURCE } from './well-known.ts'

/** amr values that say the user did a second factor (MS-KPP 3.1.5.1.1.3). */
const MULTI_FACTOR = ['ngcmfa', 'mfa', 'http://schemas.microsoft.com/claims/multipleauthn']

export interface NgcKey {
  kid: string
  deviceId: string
  /** The `kngc` as sent: base64 BCRYPT_RSAKEY_BLOB (Windows) or JWK. */
  keyMaterial: string
  createdAt: number
}

const stores = new WeakMap<Tenant, Map<string, NgcKey[]>>()
/** The Windows Hello keys written to each user (by object ID), as msDS-KeyCredentialLink holds them. */
function ngcKeysOf(tenant: Tenant): Map<string, NgcKey[]> {
  let keys = stores.get(tenant)
  if (!keys) stores.set(tenant, (keys = new Map()))
  return keys
}

/**
 * Windows Hello for Business key registration, `POST /EnrollmentServer/key/?api-version=1.0` with
 * `{"kngc": "<base64 public key>"}` (MS-KPP 3.1.5.1.1; body as roadtx register_winhello_key sends
 * it). Rules, with MS-KPP's statuses and its ErrorDetails body:
 * - api-version is 1.0, `Accept` is application/json, `kngc` is a base64 RSA 2048 public key: 400;
 * - a DRS access token from this tenant carrying `deviceid` of a registered device, a `upn`, and
 *   (unless the tenant waives it) an amr of ngcmfa, mfa or multipleauthn: 401;
 * - the `upn` is a user of the tenant: 400.
 * Answer: 200 `{kid, upn}` with a `request-id` header.
 */
export function createKeyRegistrationHandlers(tenant: Tenant) {
  return [
    http.post(
      `${DRS}/EnrollmentServer/key/`,
      guarded(tenant, 'key-provisioning', 'drs', async ({ request }) => {
        const url = new URL(request.url)
        const apiVersion = url.searchParams.get('api-version') ?? request.headers.get('api-version')
        if (apiVersion !== '1.0')
          throw invalid(`The api-version '${apiVersion ?? ''}' is not supported: the key service speaks 1.0.`)
        if (!(request.headers.get('accept') ?? '').includes('application/json'))
          throw invalid('The Accept header must be application/json.')
        const body = await readJsonObject(request, 'key-provisioning')
        const keyMaterial = requireNgcKey(body.kngc)
        const claims = await requireKeyToken(tenant, request)
        const user = tenant.fixture.users.find(
          (candidate) => candidate.upn.toLowerCase() === claims.upn.toLowerCase(),
        )
        if (!user)
          throw new ProtocolError(
            'key-provisioning',
            400,
            'DirectoryError',
            `No user '${claims.upn}' in the directory.`,
          )
        const key: NgcKey = {
          kid: tenant.deps.newId(),
          deviceId: claims.deviceId,
          keyMaterial,
          createdAt: tenant.deps.now(),
        }
        const keys = ngcKeysOf(tenant)
        keys.set(user.objectId, [...(keys.get(user.objectId) ?? []), key])
        return HttpResponse.json(
          { kid: key.kid, upn: user.upn },
          { headers: { 'request-id': tenant.deps.newId() } },
        )
      }),
    ),
  ]
}

function requireNgcKey(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid('"kngc" is missing.')
  let modulus: Uint8Array
  try {
    modulus = rsaNumbers(value).n
  } catch {
    throw invalid('"kngc" is not a base64 public key (BCRYPT_RSAKEY_BLOB or JWK).')
  }
  if (modulus.length !== 256) throw invalid('"kngc" must be an RSA 2048 public key.')
  return value
}

async function requireKeyToken(tenant: Tenant, request: Request): Promise<{ upn: string; deviceId: string }> {
  let claims: Record<string, unknown>
  try {
    claims = await requireDrsAccessToken(request, tenant, DRS_RESOURCE)
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error
    throw new ProtocolError('key-provisioning', error.status, error.error, error.message)
  }
  const deviceId = String(claims.deviceid ?? '').toLowerCase()
  if (!deviceId || !tenant.devices.has(deviceId))
    throw unauthorized(
      'The token carries no deviceid of a device registered in this tenant: get it with the PRT of a joined device.',
    )
  if (typeof claims.upn !== 'string') throw unauthorized('The token carries no upn.')
  const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : []
  if (
    tenant.fixture.keyRegistrationRequiresMfa !== false &&
    !amr.some((value) => MULTI_FACTOR.includes(value))
  )
    throw unauthorized(
      `The token's amr (${amr.join(', ')}) shows no multi-factor sign-in: Windows Hello provisioning needs ngcmfa, mfa or multipleauthn.`,
    )
  return { upn: claims.upn, deviceId }
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('key-provisioning', 400, 'InvalidRequest', message)
}

function unauthorized(message: string): ProtocolError {
  return new ProtocolError('key-provisioning', 401, 'AuthenticationError', message)
}
