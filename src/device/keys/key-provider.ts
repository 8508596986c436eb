/** What a key provider hands back: a key it keeps, known by its container ID, that can sign. */
export interface DeviceKeyPair {
  /** `KeyContainerId` in `dsregcmd /status`. */
  containerId: string
  /** `ngc`: a user's Windows Hello for Business key, made after the join. */
  purpose: 'device' | 'transport' | 'ngc'
  /** DER SubjectPublicKeyInfo of the public half: all that ever leaves the provider. */
  publicKeySpki: Uint8Array
  /** RSASSA-PKCS1-v1_5 with SHA-256, done inside the provider. */
  sign: (data: Uint8Array) => Promise<Uint8Array>
  /**
   * RSA-OAEP with SHA-1, done inside the provider: how a transport key opens what a service sealed
   * to it (the PRT's session key). Only transport keys have it.
   */
  decrypt?: (data: Uint8Array) => Promise<Uint8Array>
}

/**
 * Where the device's keys live. Windows prefers the TPM ("Microsoft Platform Crypto Provider")
 * and falls back to software ("Microsoft Software Key Storage Provider").
 */
export interface KeyProvider {
  readonly name: string
  readonly tpmProtected: boolean
  createKeyPair: (purpose: DeviceKeyPair['purpose']) => Promise<DeviceKeyPair>
}

/** The software provider's name in `dsregcmd /status`, wherever its forge keys are made. */
export const SOFTWARE_PROVIDER = 'Microsoft Software Key Storage Provider'

export const RSA_2048_SHA256 = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const

/** The transport key's algorithm: services wrap keys to it with RSA-OAEP and SHA-1 (roadtx's unwrap uses SHA-1). */
export const RSA_2048_OAEP_SHA1 = {
  name: 'RSA-OAEP',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-1',
} as const
