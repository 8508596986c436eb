import type { TenantFixture } from './fixtures/tenant.ts'
import { createSigningKey, type SigningKey } from './signing-key.ts'
import { createDeviceCa, type DeviceCa } from './ca.ts'
import type { SyncService } from '../src/trace/ports.ts'
import { createAadConnect } from './aad-connect.ts'
import { createDirectory, type Directory } from './onprem-ad.ts'

/** What every emulated service takes from outside: the run's clock and where new IDs come from. */
export interface ServiceDeps {
  /** Milliseconds since the epoch on the run's clock: token lifetimes, certificate validity. */
  now: () => number
  newId: () => string
}

/** A device object as Azure AD holds it after a join (or, for hybrid, after the sync creates it). */
export interface DeviceObject {
  deviceId: string
  displayName: string
  joinType: number
  /** `userCertificate` values synced from AD (hybrid managed), base64 DER. */
  userCertificates: string[]
  deviceCertificateThumbprint?: string
  transportKey?: string
  registeredBy?: string
  onPremObjectSid?: string
  createdAt: number
}

/** A running tenant: the fixture, the keys its services sign with, and what they have stored. */
export interface Tenant {
  fixture: TenantFixture
  deps: ServiceDeps
  signingKey: () => Promise<SigningKey>
  deviceCa: () => Promise<DeviceCa>
  devices: Map<string, DeviceObject>
  /** AD FS's token-signing key. */
  adfsSigningKey: () => Promise<SigningKey>
  /** The key Azure AD's federation trust for the domain names: AD FS's, unless the trust is outdated. */
  federationTrustKey: () => Promise<SigningKey>
  /** AD FS sign-ins waiting for their second factor, by context. */
  pendingMfa: Map<string, { upn: string; expires: number }>
  /** Smart lockout's count of wrong passwords, and the lock's end, by lower-case UPN. */
  lockouts: Map<string, { failures: number; lockedUntil: number }>
  /** On-premises AD and Azure AD Connect, for the hybrid flows. */
  directory?: Directory
  aadConnect?: SyncService
  /** What an armed fault bends for the one request it answers (mocks/faults/inject.ts); empty otherwise. */
  overrides: TenantOverrides
}

interface TenantOverrides {
  /** Milliseconds a service's clock runs off the run's, on top of the fixture's DRS skew. */
  clockSkewMs?: Partial<Record<ServiceClock, number>>
  /** The most devices a user may join, in place of the fixture's. */
  deviceQuota?: number
}

type ServiceClock = 'drs' | 'azure-ad' | 'adfs'

/**
 * Builds a fresh tenant; keys are made on first use so a test that never signs pays nothing. `deps.now`
 * is the run's clock (the host's), never the wall clock: tokens and certificates carry the run's time.
 */
export function createTenant(fixture: TenantFixture, deps: ServiceDeps): Tenant {
  const adfsSubject = `CN=ADFS Signing - ${fixture.federation?.stsHost ?? 'sts'}`
  const adfsSigningKey = once(() => createSigningKey(deps.now(), adfsSubject))
  // An outdated federation trust still names the certificate AD FS signed with a year ago.
  const previousAdfsSigningKey = once(() => createSigningKey(deps.now() - 365 * 24 * 3600_000, adfsSubject))
  const tenant: Tenant = {
    fixture,
    deps,
    signingKey: once(() => createSigningKey(deps.now())),
    deviceCa: once(() => createDeviceCa(deps.now())),
    devices: new Map(),
    adfsSigningKey,
    federationTrustKey: fixture.federation?.trustOutdated ? previousAdfsSigningKey : adfsSigningKey,
    pendingMfa: new Map(),
    lockouts: new Map(),
    overrides: {},
  }
  tenant.directory = createDirectory(fixture)
  if (tenant.directory) tenant.aadConnect = createAadConnect(tenant, tenant.directory)
  return tenant
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined
  return () => (value ??= make())
}

/**
 * The time on one service's own clock: the run's, except DRS, which the fixture may set off by
 * `drsClockSkewMinutes`, and any service a skew fault moves for one request. Token lifetimes, token
 * checks and the `Time` in error bodies read this, so an expired-token answer carries the moment
 * the service believed it was.
 */
export function serviceNow(tenant: Tenant, service: ServiceClock): number {
  const skew = service === 'drs' ? (tenant.fixture.drsClockSkewMinutes ?? 0) : 0
  return tenant.deps.now() + skew * 60_000 + (tenant.overrides.clockSkewMs?.[service] ?? 0)
}
