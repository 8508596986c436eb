import { buildCertificateRequest } from './certificate-request.ts'
import type { DeviceStore } from './device-store.ts'
import { JoinError } from './errors.ts'
import type { KeyProvider } from './keys/key-provider.ts'
import { transportKeyBase64 } from './transport-key.ts'
import type { KeyMaterial } from '../trace/ports.ts'

/**
 * Seed phase F: the device key pair, a CSR signed with dkpriv, and the transport key pair. The key
 * handles stay in the device store; only public values come back.
 */
export async function createKeyMaterial(keys: KeyProvider, store: DeviceStore): Promise<KeyMaterial> {
  try {
    const deviceKey = await keys.createKeyPair('device')
    const csr = await buildCertificateRequest(deviceKey)
    const transportKey = await keys.createKeyPair('transport')
    store.keys.set(deviceKey.containerId, deviceKey)
    store.keys.set(transportKey.containerId, transportKey)
    return {
      deviceKeyContainerId: deviceKey.containerId,
      transportKeyContainerId: transportKey.containerId,
      csrBase64: csr.base64,
      csrPem: csr.pem,
      transportKey: transportKeyBase64(transportKey.publicKeySpki),
      keyProvider: keys.name,
      tpmProtected: keys.tpmProtected,
    }
  } catch (error) {
    throw new JoinError(
      'KEY_GENERATION_FAILED',
      `${keys.name} could not create the keys: ${(error as Error).message}`,
      { cause: error },
    )
  }
}
