import { installCertificate, type DeviceStore } from './device-store.ts'
import type { DrsEndpoints, JoinResult, KeyMaterial, TenantIdentity } from '../trace/ports.ts'
import { DRS, DRS_RESOURCE, LOGIN } from './well-known.ts'

export interface CompletedJoin {
  join: JoinResult
  keys: KeyMaterial
  tenant: TenantIdentity
  /** Discovery's answer, when the flow ran it; hybrid managed goes straight to the well-known endpoint. */
  drs?: DrsEndpoints
}

/**
 * The last phase: remember the device ID and tenant, install the certificate in the Personal store.
 * @see seed phase H (managed)
 */
export async function completeRegistration(
  store: DeviceStore,
  { join, keys, tenant, drs }: CompletedJoin,
): Promise<void> {
  await installCertificate(store, join.certificatePem)
  store.deviceId = join.deviceId
  store.azureAdJoined = true
  store.keyProvider = keys.keyProvider
  store.tpmProtected = keys.tpmProtected
  store.deviceKeyContainerId = keys.deviceKeyContainerId
  const endpoints = drs ?? wellKnownDrs(tenant.id)
  store.tenant = {
    tenantName: tenant.name,
    tenantId: tenant.id,
    authCodeUrl: `${endpoints.authority}oauth2/authorize`,
    accessTokenUrl: `${endpoints.authority}oauth2/token`,
    mdmTouUrl: tenant.mdmTouUrl,
    joinSrvVersion: endpoints.joinServiceVersion,
    joinSrvUrl: endpoints.joinEndpoint,
    joinSrvId: endpoints.joinResourceId,
    keySrvVersion: endpoints.keyServiceVersion,
    keySrvUrl: endpoints.keyProvisionEndpoint,
    keySrvId: endpoints.keyResourceId,
  }
}

/** The cloud DRS endpoints, for flows that register without running discovery. */
function wellKnownDrs(tenantId: string): DrsEndpoints {
  return {
    joinEndpoint: `${DRS}/EnrollmentServer/device/`,
    joinResourceId: DRS_RESOURCE,
    joinServiceVersion: '2.0',
    keyProvisionEndpoint: `${DRS}/EnrollmentServer/key/`,
    keyResourceId: DRS_RESOURCE,
    keyServiceVersion: '1.0',
    authority: `${LOGIN}/${tenantId}/`,
  }
}
