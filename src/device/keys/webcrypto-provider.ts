import { RSA_2048_OAEP_SHA1, RSA_2048_SHA256, type DeviceKeyPair, type KeyProvider } from './key-provider.ts'

/**
 * The TPM-style provider: WebCrypto keys created non-extractable, so the private half can sign (or,
 * for the transport key, decrypt) but can never be read out, which is the property a TPM gives Windows.
 */
export function createPlatformKeyProvider(subtle: SubtleCrypto = crypto.subtle): KeyProvider {
  return {
    name: 'Microsoft Platform Crypto Provider',
    tpmProtected: true,
    async createKeyPair(purpose) {
      if (purpose === 'transport') return transportKeyPair(subtle)
      const keys = await subtle.generateKey(RSA_2048_SHA256, false, ['sign', 'verify'])
      const spki = await subtle.exportKey('spki', keys.publicKey)
      return {
        containerId: crypto.randomUUID(),
        purpose,
        publicKeySpki: new Uint8Array(spki),
        sign: async (data) =>
          new Uint8Array(await subtle.sign(RSA_2048_SHA256, keys.privateKey, data as BufferSource)),
      }
    },
  }
}

// A WebCrypto key has one algorithm: the transport key is an RSA-OAEP key, as a TPM storage key
// decrypts and does not sign.
async function transportKeyPair(subtle: SubtleCrypto): Promise<DeviceKeyPair> {
  const keys = await subtle.generateKey(RSA_2048_OAEP_SHA1, false, ['encrypt', 'decrypt'])
  const spki = await subtle.exportKey('spki', keys.publicKey)
  return {
    containerId: crypto.randomUUID(),
    purpose: 'transport',
    publicKeySpki: new Uint8Array(spki),
    sign: () => Promise.reject(new Error('The transport key decrypts; it does not sign.')),
    decrypt: async (data) =>
      new Uint8Array(await subtle.decrypt(RSA_2048_OAEP_SHA1, keys.privateKey, data as BufferSource)),
  }
}
