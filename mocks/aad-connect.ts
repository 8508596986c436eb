import type { LdapEntry } from '../src/trace/ldap.ts'
import type { SyncService } from '../src/trace/ports.ts'
import type { Directory } from './onprem-ad.ts'
import type { Tenant } from './tenant.ts'
import { x509 } from './x509.ts'

/**
 * Azure AD Connect between the forest and the tenant. Each cycle exports computers that carry a
 * userCertificate (with objectGUID and objectSid) so Azure AD creates their device objects, and,
 * with device write-back on, imports hybrid-joined devices into CN=RegisteredDevices.
 */
export function createAadConnect(tenant: Tenant, directory: Directory): SyncService {
  const interval = (tenant.fixture.onPremises?.syncIntervalMinutes ?? 30) * 60_000
  let cyclesRun = 0
  return {
    nextCycleAt: (now) => Math.floor(now / interval) * interval + interval,
    runCycle() {
      cyclesRun += 1
      const at = tenant.deps.now()
      if (cyclesRun <= (tenant.fixture.onPremises?.skipSyncCycles ?? 0)) {
        return {
          at,
          skipped: 'The sync scheduler is suspended: this cycle did not run.',
          imported: [],
          exported: [],
          writtenBack: [],
        }
      }
      const imported = directory.search({
        base: directory.domainDn,
        scope: 'sub',
        filter: '(&(objectClass=computer)(userCertificate=*))',
        attributes: ['objectGUID', 'objectSid', 'userCertificate', 'sAMAccountName'],
      })
      const candidates = imported.map((entry) => ({ entry, certificates: joinCertificates(entry, at) }))
      const passedOver = candidates
        .filter(({ certificates }) => certificates.length === 0)
        .map(({ entry }) => ({ dn: entry.dn, reason: NOT_A_JOIN_CERTIFICATE }))
      const exported = candidates
        .filter(({ certificates }) => certificates.length > 0)
        .map(({ entry, certificates }) => exportDevice(tenant, entry, certificates))
      const writtenBack = tenant.fixture.onPremises?.deviceWriteBack ? writeBack(tenant, directory) : []
      return { at, imported, exported, ...(passedOver.length > 0 ? { passedOver } : {}), writtenBack }
    },
  }
}

const NOT_A_JOIN_CERTIFICATE =
  'No userCertificate value is a valid certificate named CN=<objectGUID>, the one hybrid join writes.'

/**
 * Since version 1.4, Azure AD Connect exports a Windows computer only when its userCertificate
 * holds the value hybrid join wrote [spec: "Azure AD Connect 1.4.xx.x and device disappearance"].
 * We read that as a certificate whose subject is CN=<objectGUID>, valid now [unconfirmed].
 */
function joinCertificates(entry: LdapEntry, now: number): string[] {
  const name = `cn=${entry.attributes.objectGUID?.[0]?.toLowerCase() ?? ''}`
  return (entry.attributes.userCertificate ?? []).filter((value) => {
    try {
      const certificate = new x509.X509Certificate(value)
      return (
        certificate.subject.toLowerCase() === name &&
        certificate.notBefore.getTime() <= now &&
        now <= certificate.notAfter.getTime()
      )
    } catch {
      return false // not DER: nothing Azure AD could verify a signature with
    }
  })
}

function exportDevice(tenant: Tenant, entry: LdapEntry, certificates: string[]) {
  const deviceId = entry.attributes.objectGUID?.[0] ?? ''
  const displayName = (entry.attributes.sAMAccountName?.[0] ?? '').replace(/\$$/, '')
  const existing = tenant.devices.get(deviceId)
  tenant.devices.set(deviceId, {
    deviceId,
    displayName,
    joinType: 6,
    userCertificates: certificates,
    onPremObjectSid: entry.attributes.objectSid?.[0],
    createdAt: existing?.createdAt ?? tenant.deps.now(),
    ...(existing?.deviceCertificateThumbprint
      ? { deviceCertificateThumbprint: existing.deviceCertificateThumbprint }
      : {}),
  })
  return { deviceId, displayName, action: existing ? ('update' as const) : ('create' as const) }
}

// Device write-back: registered devices become msDS-Device objects the on-premises side can trust.
function writeBack(tenant: Tenant, directory: Directory): string[] {
  const written: string[] = []
  for (const device of tenant.devices.values()) {
    if (!device.deviceCertificateThumbprint) continue
    const dn = `CN=${device.deviceId},CN=RegisteredDevices,${directory.domainDn}`
    if (directory.entries().some((entry) => entry.dn.toLowerCase() === dn.toLowerCase())) continue
    directory.add({
      dn,
      attributes: {
        objectClass: ['top', 'msDS-Device'],
        'msDS-DeviceID': [device.deviceId],
        displayName: [device.displayName],
        'msDS-IsEnabled': ['TRUE'],
        altSecurityIdentities: [`X509:<SHA1-TP-PUBKEY>${device.deviceCertificateThumbprint}`],
      },
    })
    written.push(dn)
  }
  return written
}
