import { describe, expect, it } from 'vitest'
import { buildCertificateRequest, CSR_SUBJECT } from '../../src/device/certificate-request.ts'
import { createSoftwareKeyProvider } from '../../src/device/keys/forge-provider.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { toBcryptRsaPublicBlob } from '../../src/device/transport-key.ts'
import { x509 } from '../../src/device/x509.ts'
import { opensslCsrSignatureOk } from '../support/openssl.ts'

describe.each([
  ['platform (WebCrypto, TPM-style)', createPlatformKeyProvider()],
  ['software (node-forge)', createSoftwareKeyProvider()],
])('%s key provider', (_, provider) => {
  it('signs a PKCS#10 request for dkpub that OpenSSL and x509 both accept', async () => {
    const deviceKey = await provider.createKeyPair('device')
    const csr = await buildCertificateRequest(deviceKey)
    expect(opensslCsrSignatureOk(csr.pem)).toBe(true)
    const parsed = new x509.Pkcs10CertificateRequest(csr.pem)
    expect(parsed.subject).toBe(CSR_SUBJECT)
    expect(await parsed.verify()).toBe(true)
    expect((parsed.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048)
  })

  it('writes tkpub as a public-only BCRYPT_RSAKEY_BLOB', async () => {
    const transportKey = await provider.createKeyPair('transport')
    const blob = toBcryptRsaPublicBlob(transportKey.publicKeySpki)
    const view = new DataView(blob.buffer)
    const header = [0, 4, 8, 12, 16, 20].map((offset) => view.getUint32(offset, true))
    expect(header).toEqual([0x31415352, 2048, 3, 256, 0, 0])
    expect(new TextDecoder().decode(blob.slice(0, 4))).toBe('RSA1')
    expect([...blob.slice(24, 27)]).toEqual([1, 0, 1])
    expect(blob.length).toBe(24 + 3 + 256)
  })
})

it("keeps the platform provider's private key out of reach: only SPKI and signatures leave it", async () => {
  const key = await createPlatformKeyProvider().createKeyPair('device')
  expect(Object.keys(key).sort()).toEqual(['containerId', 'publicKeySpki', 'purpose', 'sign'])
})
