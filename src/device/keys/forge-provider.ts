import forge from 'node-forge'
import type { KeyProvider } from './key-provider.ts'

/** Makes an RSA-2048 key pair and returns its private key as PKCS#1 PEM. */
export type RsaKeyGenerator = () => Promise<string>

/**
 * The software provider (no TPM): node-forge keys held in memory. Generation is injected because
 * forge's pure-JS prime search blocks for up to seconds: the browser runs it in a worker.
 */
export function createSoftwareKeyProvider(generate: RsaKeyGenerator = generateInProcess): KeyProvider {
  return {
    name: 'Microsoft Software Key Storage Provider',
    tpmProtected: false,
    async createKeyPair(purpose) {
      const privateKey = forge.pki.privateKeyFromPem(await generate())
      const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e)
      const spki = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes()
      return {
        containerId: crypto.randomUUID(),
        purpose,
        publicKeySpki: binaryToBytes(spki),
        async sign(data) {
          const digest = forge.md.sha256.create()
          digest.update(bytesToBinary(data))
          return binaryToBytes(privateKey.sign(digest))
        },
      }
    },
  }
}

/** forge in Node: it hands generation to node:crypto, so this does not block. */
export function generateInProcess(): Promise<string> {
  return new Promise((resolve, reject) => {
    forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 }, (error, keys) =>
      error ? reject(error) : resolve(forge.pki.privateKeyToPem(keys.privateKey)),
    )
  })
}

function binaryToBytes(binary: string): Uint8Array {
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

function bytesToBinary(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return binary
}
