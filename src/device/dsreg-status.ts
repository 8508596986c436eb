import type { DeviceStore } from './device-store.ts'

const yesNo = (value: boolean | undefined) => (value ? 'YES' : 'NO')

/**
 * The device's state as `dsregcmd /status` sections: section name → field → value. Plain strings,
 * so the same record goes into a trace and onto the screen.
 * @see protocol.md "dsregcmd /status"
 */
export function dsregStatus(store: DeviceStore): Record<string, Record<string, string>> {
  const certificate = store.personalStore.find(
    (entry) => store.deviceId && entry.subject === `CN=${store.deviceId}`,
  )
  const sections: Record<string, Record<string, string>> = {
    'Device State': {
      AzureAdJoined: yesNo(store.azureAdJoined),
      EnterpriseJoined: yesNo(store.enterpriseJoined),
      DomainJoined: yesNo(store.domainJoined),
      ...(store.domainName ? { DomainName: store.domainName.split('.')[0]?.toUpperCase() ?? '' } : {}),
      'Device Name': store.deviceName,
    },
  }
  if (store.deviceId && certificate) {
    sections['Device Details'] = {
      DeviceId: store.deviceId,
      Thumbprint: certificate.thumbprint,
      DeviceCertificateValidity: `[ ${certificate.notBefore} -- ${certificate.notAfter} ]`,
      KeyContainerId: store.deviceKeyContainerId ?? '',
      KeyProvider: store.keyProvider ?? '',
      TpmProtected: yesNo(store.tpmProtected),
      DeviceAuthStatus: 'SUCCESS',
    }
  }
  if (store.tenant) sections['Tenant Details'] = tenantSection(store)
  // dsregcmd prints User State before SSO State (diagnostics.md §1); shown once a user has signed in.
  if (store.azureAdPrt)
    sections['User State'] = {
      NgcSet: yesNo(Boolean(store.ngc)),
      ...(store.ngc ? { NgcKeyId: `{${store.ngc.keyContainerId.toUpperCase()}}` } : {}),
    }
  sections['SSO State'] = {
    AzureAdPrt: yesNo(Boolean(store.azureAdPrt)),
    ...(store.azureAdPrt
      ? {
          AzureAdPrtUpdateTime: dsregTime(store.azureAdPrt.updatedAt),
          AzureAdPrtExpiryTime: dsregTime(store.azureAdPrt.expiresAt),
          AzureAdPrtAuthority: store.azureAdPrt.authority,
        }
      : {}),
    EnterprisePrt: yesNo(Boolean(store.enterprisePrt)),
    ...(store.enterprisePrt ? { EnterprisePrtAuthority: store.enterprisePrt.authority } : {}),
  }
  if (store.diagnostics) {
    sections['Diagnostic Data'] = {
      'Client ErrorCode': store.diagnostics.clientErrorCode,
      'Server ErrorCode': store.diagnostics.serverErrorCode,
      'Server Message': store.diagnostics.serverMessage,
    }
  }
  return sections
}

function tenantSection({ tenant }: DeviceStore): Record<string, string> {
  if (!tenant) return {}
  return {
    TenantName: tenant.tenantName,
    TenantId: tenant.tenantId,
    AuthCodeUrl: tenant.authCodeUrl,
    AccessTokenUrl: tenant.accessTokenUrl,
    MdmTouUrl: tenant.mdmTouUrl ?? '',
    JoinSrvVersion: tenant.joinSrvVersion,
    JoinSrvUrl: tenant.joinSrvUrl,
    JoinSrvId: tenant.joinSrvId,
    KeySrvVersion: tenant.keySrvVersion,
    KeySrvUrl: tenant.keySrvUrl,
    KeySrvId: tenant.keySrvId,
  }
}

// dsregcmd writes times as `2026-12-01 09:30:00.000 UTC`.
function dsregTime(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`
}
