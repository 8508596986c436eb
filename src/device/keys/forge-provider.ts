import forge from 'node-forge'
import { forgeKeyFromPem } from './forge-key.ts'
import { SOFTWARE_PROVIDER, type KeyProvider } from './key-provider.ts'

/** Makes an RSA-2048 key pair and returns its private key as PKCS#1 PEM. */
export type RsaKeyGenerator = () => Promise<string>

/**
 * The software provider (no TPM): node-forge keys held in memory. In Node, forge hands generation
 * to node:crypto. The browser uses src/ui/keys/, which keeps the key and its pure-JS signing in a worker.
 */
export function createSoftwareKeyProvider(generate: RsaKeyGenerator = generateInProcess): KeyProvider {
  return {
    name: SOFTWARE_PROVIDER,
    tpmProtected: false,
    async createKeyPair(purpose) {
      const key = forgeKeyFromPem(await generate())
      return {
        containerId: crypto.randomUUID(),
        purpose,
        publicKeySpki: key.publicKeySpki,
        sign: async (data) => key.sign(data),
        ...(purpose === 'transport' ? { decrypt: async (data: Uint8Array) => key.decrypt(data) } : {}),
      }
    },
  }
}

/** forge in Node: it hands generation to node:crypto, so this does not block. */
function generateInProcess(): Promise<string> {
  return new Promise((resolve, reject) => {
    forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 }, (error, keys) =>
      error ? reject(error) : resolve(forge.pki.privateKeyToPem(keys.privateKey)),
    )
  })
}
