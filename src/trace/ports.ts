/**
 * The data that crosses between a machine and the actors that do its work (the machines' ports):
 * the engine's actors take these inputs and resolve with these outputs; tests may supply their own.
 */
import type { LdapEntry } from './ldap.ts'

export interface OpenIdConfiguration {
  issuer: string
  authorizationEndpoint: string
  tokenEndpoint: string
  jwksUri: string
  /** The published signing keys (JWKS), which the device checks the ID token against. */
  signingKeys?: { keys: Array<Record<string, unknown>> }
}

export type UserRealm =
  | { kind: 'managed'; domain: string }
  | { kind: 'federated'; domain: string; authUrl: string; activeAuthUrl?: string }

export interface Tokens {
  accessToken: string
  idToken: string
  /** Decoded ID token claims; `mdm_tou_url` among them when the tenant sets terms of use. */
  idClaims: Record<string, unknown>
}

export interface DrsEndpoints {
  joinEndpoint: string
  joinResourceId: string
  joinServiceVersion: string
  keyProvisionEndpoint: string
  keyResourceId: string
  keyServiceVersion: string
  authority: string
}

export interface KeyMaterial {
  deviceKeyContainerId: string
  transportKeyContainerId: string
  csrBase64: string
  csrPem: string
  /** base64 BCRYPT_RSAKEY_BLOB of tkpub. */
  transportKey: string
  keyProvider: string
  tpmProtected: boolean
}

export interface JoinResult {
  deviceId: string
  certificatePem: string
  thumbprint: string
  upn?: string
  localAdministrators: string[]
}

/** What the STS answered to a sign-in post: a token for Azure AD, or a request for a second factor. */
export type StsAnswer =
  { kind: 'assertion'; assertion: string } | { kind: 'second-factor'; action: string; context: string }

/** The tenant a device registers with, as the device learned it (ID token claims, or the SCP). */
export interface TenantIdentity {
  id: string
  name: string
  mdmTouUrl?: string
}

/** What the device learns from the service connection point. */
export interface ServiceConnectionPoint {
  tenantName: string
  tenantId: string
}

/** The computer's own identity in AD, known since it joined the domain. */
export interface ComputerIdentity {
  dn: string
  objectGuid: string
  objectSid: string
  dnsDomain: string
}

/** The signed proof of identity the hybrid join carries instead of a token. */
export interface ClientIdentity {
  Type: 'sha256signed'
  Sid: string
  SignedBlob: string
}

/** One Azure AD Connect cycle as the flow sees it. */
export interface SyncSummary {
  skipped: boolean
  exportedDevices: string[]
  writtenBack: string[]
}

/** One Azure AD Connect cycle's report, as the emulated service gives it and the trace files it. */
export interface SyncReport {
  at: number
  /** Set when the cycle did not run. */
  skipped?: string
  imported: LdapEntry[]
  exported: Array<{ deviceId: string; displayName: string; action: 'create' | 'update' }>
  /** Computers read from AD but not exported, and why. */
  passedOver?: Array<{ dn: string; reason: string }>
  writtenBack: string[]
}

/** Azure AD Connect's scheduler, as a run waits on it. */
export interface SyncService {
  /** When the next cycle starts, on the run clock. */
  nextCycleAt: (now: number) => number
  runCycle: () => SyncReport
}

/** What the user proves at the first sign-in: a password, or the AD FS assertion (federated). */
export type PrtCredential =
  { kind: 'password'; username: string; password: string } | { kind: 'assertion'; assertionXml: string }

/** The PRT as the device keeps it; the session key stays in the device store, never here. */
export interface PrimaryRefreshToken {
  refreshToken: string
  /** Seconds the PRT lives. */
  expiresIn: number
  upn: string
  /** The session key's size once unwrapped and checked: never its value. */
  sessionKeyBits: number
}

/** The Windows Hello for Business key DRS registered for the user. */
export interface HelloKey {
  kid: string
  upn: string
  keyContainerId: string
}
