/**
 * The data that crosses between a machine and the actors that do its work (the machines' ports):
 * the engine's actors take these inputs and resolve with these outputs; tests may supply their own.
 */
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

/** An LDAP search as the device (or Azure AD Connect) sends it to a domain controller. */
export interface LdapSearch {
  base: string
  scope: 'base' | 'one' | 'sub'
  filter: string
  attributes: string[]
}

export interface LdapEntry {
  dn: string
  attributes: Record<string, string[]>
}

export interface LdapModification {
  operation: 'add' | 'replace' | 'delete'
  attribute: string
  values: string[]
}

/** The domain controller as the computer account sees it after it has authenticated. */
export interface DirectoryClient {
  dcHost: string
  search: (request: LdapSearch) => Promise<LdapEntry[]>
  modify: (dn: string, changes: LdapModification[]) => Promise<void>
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
