import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr'
import { RSAPublicKey } from '@peculiar/asn1-rsa'
import { AsnConvert } from '@peculiar/asn1-schema'
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { describe, expect, it } from 'vitest'
import { requireCertificateRequest } from '../../mocks/checks/certificate-request.ts'
import { ProtocolError } from '../../mocks/protocol-error.ts'
import { toBase64 } from '../../mocks/x509.ts'

const SHA256_WITH_RSA = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null })

function rsaKeys(modulusLength: number): Promise<CryptoKeyPair> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength,
  }
  return crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])
}

async function spkiOf(key: CryptoKey): Promise<SubjectPublicKeyInfo> {
  return AsnConvert.parse(await crypto.subtle.exportKey('spki', key), SubjectPublicKeyInfo)
}

/** A PKCS#10 request carrying `spki`, its info signed with SHA-256 and RSA by `signer`. */
async function csrWith(spki: SubjectPublicKeyInfo, signer: CryptoKey): Promise<string> {
  const info = new CertificationRequestInfo({ subject: new Name(), subjectPKInfo: spki })
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', signer, AsnConvert.serialize(info))
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: SHA256_WITH_RSA,
    signature,
  })
  return toBase64(new Uint8Array(AsnConvert.serialize(request)))
}

/** The key's RSAPublicKey, re-encoded after `change` had its way with the DER. */
async function spkiWithRsaKey(key: CryptoKey, change: (der: Uint8Array) => Uint8Array) {
  const spki = await spkiOf(key)
  spki.subjectPublicKey = change(new Uint8Array(spki.subjectPublicKey)).slice().buffer
  return spki
}

async function refusal(data: string): Promise<string> {
  const error = await requireCertificateRequest({ Type: 'pkcs10', Data: data }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ProtocolError)
  return (error as ProtocolError).message
}

describe("DRS takes the certificate request's key only if it is RSA 2048", () => {
  it('accepts an RSA-2048 request signed by its own key and hands back its key as the request has it', async () => {
    const keys = await rsaKeys(2048)
    const accepted = await requireCertificateRequest({
      Type: 'pkcs10',
      Data: await csrWith(await spkiOf(keys.publicKey), keys.privateKey),
    })
    expect(Buffer.from(accepted.subjectPublicKeyInfo)).toEqual(
      Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)),
    )
  })

  it('refuses an RSA-3072 key, even correctly signed', async () => {
    const keys = await rsaKeys(3072)
    expect(await refusal(await csrWith(await spkiOf(keys.publicKey), keys.privateKey))).toBe(
      'The certificate request key must be RSA 2048.',
    )
  })

  it('refuses an EC key in a request that claims an RSA signature', async () => {
    const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])
    const signer = await rsaKeys(2048)
    expect(await refusal(await csrWith(await spkiOf(ec.publicKey), signer.privateKey))).toBe(
      'The certificate request key must be RSA 2048.',
    )
  })

  it.each([
    ['bytes after its RSAPublicKey', (der: Uint8Array) => Uint8Array.from([...der, 0x05, 0x00])],
    [
      'a modulus padded with a needless zero byte',
      (der: Uint8Array) => {
        const key = AsnConvert.parse(der, RSAPublicKey)
        key.modulus = Uint8Array.from([0, ...new Uint8Array(key.modulus)]).buffer
        return new Uint8Array(AsnConvert.serialize(key))
      },
    ],
    [
      'a negative modulus',
      (der: Uint8Array) => {
        const key = AsnConvert.parse(der, RSAPublicKey)
        key.modulus = new Uint8Array(key.modulus).subarray(1).slice().buffer
        return new Uint8Array(AsnConvert.serialize(key))
      },
    ],
  ])('refuses a key with %s', async (_case, change) => {
    const keys = await rsaKeys(2048)
    const spki = await spkiWithRsaKey(keys.publicKey, change)
    expect(await refusal(await csrWith(spki, keys.privateKey))).toBe(
      'The certificate request key must be RSA 2048.',
    )
  })

  it('refuses an RSA key whose algorithm parameters are not NULL', async () => {
    const keys = await rsaKeys(2048)
    const spki = await spkiOf(keys.publicKey)
    // An INTEGER 0 where rsaEncryption's parameters must be NULL.
    spki.algorithm = new AlgorithmIdentifier({
      algorithm: spki.algorithm.algorithm,
      parameters: new Uint8Array([2, 1, 0]).buffer,
    })
    expect(await refusal(await csrWith(spki, keys.privateKey))).toBe(
      'The certificate request key must be RSA 2048.',
    )
  })
})
