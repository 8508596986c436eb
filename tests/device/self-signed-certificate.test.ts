import { describe, expect, it, vi } from 'vitest'
import { createSoftwareKeyProvider } from '../../src/device/keys/forge-provider.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { buildSelfSignedCertificate } from '../../src/device/self-signed-certificate.ts'
import { x509 } from '../../src/device/x509.ts'
import { opensslText, opensslVerify } from '../support/openssl.ts'

const OBJECT_GUID = 'b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d'
const NOW = Date.UTC(2026, 10, 25, 8, 0, 0)

describe.each([
  ['platform (WebCrypto, TPM-style)', createPlatformKeyProvider()],
  ['software (node-forge)', createSoftwareKeyProvider()],
])('the userCertificate made with the %s key provider', (_, provider) => {
  it('is signed by its own key, named CN=<objectGUID> as subject and issuer, and OpenSSL verifies it against itself', async () => {
    const key = await provider.createKeyPair('device')
    const { pem } = await buildSelfSignedCertificate(key, OBJECT_GUID, NOW)
    const certificate = new x509.X509Certificate(pem)
    expect(certificate.subject).toBe(`CN=${OBJECT_GUID}`)
    expect(certificate.issuer).toBe(`CN=${OBJECT_GUID}`)
    expect(await certificate.verify({ signatureOnly: true })).toBe(true)
    const verdict = opensslVerify(pem, pem)
    expect(verdict.output).toContain('OK')
    expect(verdict.ok).toBe(true)
    expect(opensslText(pem)).toMatch(
      /Signature Algorithm: sha256WithRSAEncryption[\s\S]*Public-Key: \(2048 bit\)/,
    )
  })
})

it('is valid for ten years from the moment it is made, on the run clock', async () => {
  const key = await createPlatformKeyProvider().createKeyPair('device')
  const certificate = new x509.X509Certificate((await buildSelfSignedCertificate(key, OBJECT_GUID, NOW)).pem)
  expect(certificate.notBefore.toISOString()).toBe('2026-11-25T08:00:00.000Z')
  expect(certificate.notAfter.toISOString()).toBe('2036-11-22T08:00:00.000Z')
})

it('has a serial OpenSSL reads whatever the random bytes, a first byte of zero included', async () => {
  const key = await createPlatformKeyProvider().createKeyPair('device')
  for (const first of [0x00, 0x7f, 0x80, 0xff]) {
    const fill = (array: Uint8Array) => array.fill(0x05).fill(first, 0, 1)
    const spy = vi
      .spyOn(crypto, 'getRandomValues')
      .mockImplementationOnce(fill as typeof crypto.getRandomValues)
    const { pem } = await buildSelfSignedCertificate(key, OBJECT_GUID, NOW)
    spy.mockRestore()
    // OpenSSL refuses a non-minimal INTEGER ("illegal padding"), so reading the text is the check.
    expect(opensslText(pem)).toContain('Serial Number:')
    expect(new x509.X509Certificate(pem).serialNumber).toMatch(/^(0[1-9a-f]|[1-7][0-9a-f])[0-9a-f]{30}$/)
  }
})
