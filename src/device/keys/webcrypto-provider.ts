import { RSA_2048_SHA256, type KeyProvider } from './key-provider.ts'

/**
 * The TPM-style provider: WebCrypto keys created non-extractable, so the private half can sign but
 * can never be read out, which is the property a TPM gives Windows.
 */
export function createPlatformKeyProvider(subtle: SubtleCrypto = crypto.subtle): KeyProvider {
  return {
    name: 'Microsoft Platform Crypto Provider',
    tpmProtected: true,
    async createKeyPair(purpose) {
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
