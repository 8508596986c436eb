import { installCertificate, type DeviceStore } from './device-store.ts'
import type { DrsEndpoints, JoinResult, KeyMaterial } from '../trace/ports.ts'

export interface CompletedJoin {
  join: JoinResult
  drs: DrsEndpoints
  keys: KeyMaterial
  tokens: { idClaims: Record<string, unknown> }
}

/**
 * The last phase: remember the device ID and tenant, install the certificate in the Personal store.
 * @see seed phase H (managed)
 */
export async function completeRegistration(store: DeviceStore, { join, drs, keys, tokens }: CompletedJoin): Promise<void> {
  await installCertificate(store, join.certificatePem)
  const tenantId = String(tokens.idClaims.tid ?? '')
  store.deviceId = join.deviceId
  store.azureAdJoined = true
  store.keyProvider = keys.keyProvider
  store.tpmProtected = keys.tpmProtected
  store.deviceKeyContainerId = keys.deviceKeyContainerId
  store.tenant = {
    tenantName: String(tokens.idClaims.upn ?? '').split('@')[1] ?? '',
    tenantId,
    authCodeUrl: `${drs.authority}oauth2/authorize`,
    accessTokenUrl: `${drs.authority}oauth2/token`,
    mdmTouUrl: typeof tokens.idClaims.mdm_tou_url === 'string' ? tokens.idClaims.mdm_tou_url : undefined,
    joinSrvVersion: drs.joinServiceVersion,
    joinSrvUrl: drs.joinEndpoint,
    joinSrvId: drs.joinResourceId,
    keySrvVersion: drs.keyServiceVersion,
    keySrvUrl: drs.keyProvisionEndpoint,
    keySrvId: drs.keyResourceId,
  }
}
