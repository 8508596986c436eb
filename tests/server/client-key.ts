import { generateKeyPairSync, sign } from 'node:crypto'

/**
 * A key as an outside client holds it: a PEM private key it can also present in TLS, plus the
 * DeviceKeyPair shape src/device/ builds CSRs and signatures with.
 */
export function clientKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pair: {
      containerId: 'client',
      purpose: 'device' as const,
      publicKeySpki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
      sign: async (data: Uint8Array) => new Uint8Array(sign('sha256', data, privateKey)),
    },
  }
}

/** Base64 DER as PEM, for OpenSSL and for TLS. */
export function certificatePem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`
}
