import type { ComputerIdentity } from '../trace/ports.ts'
import type { DeviceKeyPair } from './keys/key-provider.ts'
import { x509 } from './x509.ts'
import { toHex } from './encoding.ts'

/** A certificate in the computer's Personal store (Cert:\LocalMachine\My). */
export interface StoredCertificate {
  subject: string
  issuer: string
  thumbprint: string
  notBefore: string
  notAfter: string
  pem: string
}

interface TenantDetails {
  tenantName: string
  tenantId: string
  authCodeUrl: string
  accessTokenUrl: string
  mdmTouUrl?: string
  joinSrvVersion: string
  joinSrvUrl: string
  joinSrvId: string
  keySrvVersion: string
  keySrvUrl: string
  keySrvId: string
}

/** What the device knows about itself; `dsregStatus()` prints it the way `dsregcmd /status` does. */
export interface DeviceStore {
  deviceName: string
  domainJoined: boolean
  domainName?: string
  azureAdJoined: boolean
  enterpriseJoined: boolean
  deviceId?: string
  keyProvider?: string
  tpmProtected?: boolean
  deviceKeyContainerId?: string
  tenant?: TenantDetails
  enterprisePrt?: { authority: string }
  /** The user's PRT after the first sign-in; the session key is a non-extractable key, never shown. */
  azureAdPrt?: { updatedAt: number; expiresAt: number; authority: string; sessionKey: CryptoKey }
  /** The user's Windows Hello for Business key once DRS has registered it. */
  ngc?: { keyContainerId: string; kid: string }
  personalStore: StoredCertificate[]
  /** Set on a domain-joined computer: its own object in AD. */
  computer?: ComputerIdentity
  /** The self-signed certificate the hybrid join published, and the key container behind it. */
  userCertificateContainerId?: string
  /** Key handles by container ID; never serialised, never in a trace. */
  keys: Map<string, DeviceKeyPair>
  diagnostics?: { clientErrorCode: string; serverErrorCode: string; serverMessage: string }
}

export function createDeviceStore(deviceName = 'DESKTOP-7Q2K9LM', domain?: string): DeviceStore {
  return {
    deviceName,
    domainJoined: Boolean(domain),
    domainName: domain,
    azureAdJoined: false,
    enterpriseJoined: false,
    personalStore: [],
    keys: new Map(),
  }
}

/** Installs a certificate in the Personal store, replacing any earlier one with the same subject. */
export async function installCertificate(store: DeviceStore, pem: string): Promise<StoredCertificate> {
  const certificate = new x509.X509Certificate(pem)
  const stored: StoredCertificate = {
    subject: certificate.subject,
    issuer: certificate.issuer,
    thumbprint: toHex(await certificate.getThumbprint('SHA-1')),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    pem,
  }
  store.personalStore = [...store.personalStore.filter((entry) => entry.subject !== stored.subject), stored]
  return stored
}
