/**
 * The data that crosses between a machine and the actors that do its work (the machines' ports):
 * the engine's actors take these inputs and resolve with these outputs; tests may supply their own.
 */
export interface OpenIdConfiguration {
  issuer: string
  authorizationEndpoint: string
  tokenEndpoint: string
  jwksUri: string
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
export type StsAnswer = { kind: 'assertion'; assertion: string } | { kind: 'second-factor'; action: string; context: string }
