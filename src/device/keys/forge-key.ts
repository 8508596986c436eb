import forge from 'node-forge'

/** A node-forge RSA key as the software provider holds it: its SPKI, and a signer over SHA-256. */
export interface ForgeKey {
  publicKeySpki: Uint8Array
  sign: (data: Uint8Array) => Uint8Array
  /** RSA-OAEP with SHA-1 (MGF1 SHA-1), as a transport key opens what was sealed to it. */
  decrypt: (data: Uint8Array) => Uint8Array
}

export function forgeKeyFromPem(privateKeyPem: string): ForgeKey {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem)
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e)
  return {
    publicKeySpki: binaryToBytes(forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes()),
    sign(data) {
      const digest = forge.md.sha256.create()
      digest.update(bytesToBinary(data))
      return binaryToBytes(privateKey.sign(digest))
    },
    decrypt(data) {
      return binaryToBytes(
        privateKey.decrypt(bytesToBinary(data), 'RSA-OAEP', { md: forge.md.sha1.create() }),
      )
    },
  }
}

function binaryToBytes(binary: string): Uint8Array {
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

function bytesToBinary(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return binary
}
