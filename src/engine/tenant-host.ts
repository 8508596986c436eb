import type { Tenant } from '../../mocks/tenant.ts'
import { createDeviceStore, type DeviceStore } from '../device/device-store.ts'
import type { DirectoryClient } from '../trace/ldap.ts'
import type { SyncService } from '../trace/ports.ts'
import { directoryClient } from './on-premises-recorder.ts'

/**
 * What a host (page, runner, test) hands a run from the emulated tenant: a device store (domain
 * joined when the tenant has a forest), the directory as that computer sees it, Azure AD Connect,
 * and the CA for the trace. The only place the device side meets the tenant's objects.
 */
export function tenantHostDeps(tenant: Tenant): {
  store: DeviceStore
  directory?: DirectoryClient
  aadConnect?: SyncService
  caCertificate: () => Promise<string>
} {
  const onPremises = tenant.fixture.onPremises
  const computer = onPremises?.computers[0]
  const store = createDeviceStore(computer?.name, onPremises?.dnsDomain)
  const caCertificate = async () => (await tenant.deviceCa()).pem
  if (!onPremises || !computer || !tenant.directory) return { store, caCertificate }
  const dn = `CN=${computer.name},CN=Computers,${tenant.directory.domainDn}`
  store.computer = {
    dn,
    objectGuid: computer.objectGuid,
    objectSid: computer.objectSid,
    dnsDomain: onPremises.dnsDomain,
  }
  return {
    store,
    directory: directoryClient(tenant.directory, dn),
    aadConnect: tenant.aadConnect,
    caCertificate,
  }
}
