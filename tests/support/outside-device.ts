import { SignJWT, type JWTPayload } from 'jose'
import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { joinBody, passwordToken, postJoin } from './device-requests.ts'

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
}

/**
 * A device as an outside client (roadtx) makes one: one extractable RSA key, used as device key
 * (signing the CSR and PRT requests) and as transport key (unwrapping the session key, RSA-OAEP).
 */
export async function outsideDeviceKeys() {
  const pair = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pair.privateKey)
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))
  const csr = await buildCertificateRequest({
    containerId: 'outside',
    purpose: 'device',
    publicKeySpki: spki,
    sign: async (data) =>
      new Uint8Array(await crypto.subtle.sign(RSA, pair.privateKey, data as BufferSource)),
  })
  const transportPrivateKey = await crypto.subtle.importKey(
    'pkcs8',
    pkcs8,
    { name: 'RSA-OAEP', hash: 'SHA-1' },
    false,
    ['decrypt'],
  )
  return { signingKey: pair.privateKey, spki, csrBase64: csr.base64, transportPrivateKey }
}

/** Joins such a device (JoinType 0) with a DRS token: the demo user's, by password, unless given. */
export async function joinOutsideDevice(overrides: Record<string, unknown> = {}, drsToken?: string) {
  const keys = await outsideDeviceKeys()
  const token =
    drsToken ??
    (await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json()).access_token
  const response = await postJoin(
    token,
    await joinBody({
      CertificateRequest: { Type: 'pkcs10', Data: keys.csrBase64 },
      TransportKey: transportKeyBase64(keys.spki),
      ...overrides,
    }),
  )
  if (response.status !== 200) throw new Error(`join answered ${response.status}: ${await response.text()}`)
  const certificateBase64: string = (await response.json()).Certificate.RawBody
  return { ...keys, certificateBase64 }
}

/** A PRT request JWT as roadtx builds it: RS256 by the device key, the certificate in `x5c` as a string. */
export function prtRequestJwt(
  payload: JWTPayload,
  certificateBase64: string,
  key: CryptoKey,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', x5c: certificateBase64 as never, kdf_ver: 2 })
    .sign(key)
}
