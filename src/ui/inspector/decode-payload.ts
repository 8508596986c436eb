// Loaded with a dynamic import the first time the inspector opens: jose and @peculiar/x509 stay
// out of the first paint.
import { explainClaims, type ClaimLine } from '../../decode/jwt-claims.ts'
import {
  checkAssertionSignature,
  readAssertion,
  type SamlAssertion,
  type SignatureCheck,
} from '../../decode/saml.ts'
import { readWsTrust, type WsTrustMessage } from '../../decode/ws-trust.ts'
import { fromBase64 } from '../../device/encoding.ts'
import { decodeCertificate, type CertificateSummary } from './certificate.ts'
import { decodeCsr, type CsrSummary } from './csr.ts'
import type { Payload } from './find-payloads.ts'
import { decodeToken, type DecodedJwt, type Jwks } from './jwt.ts'
import { decodeTransportKey, type TransportKeyBlob } from './transport-key.ts'

export type Decoded =
  | { kind: 'jwt'; where: string; jwt: DecodedJwt; claims: ClaimLine[] }
  | { kind: 'saml'; where: string; assertion: SamlAssertion; signature: SignatureCheck }
  | { kind: 'ws-trust'; where: string; message: WsTrustMessage }
  | { kind: 'certificate'; where: string; certificate: CertificateSummary }
  | { kind: 'csr'; where: string; csr: CsrSummary }
  | { kind: 'transport-key'; where: string; blob: TransportKeyBlob }
  | { kind: 'error'; where: string; message: string }

/**
 * Decodes one payload; a value that will not decode becomes an `error` entry, never a throw.
 * `requestTime` (epoch ms) is when the exchange carrying it happened: a token's times are read against it.
 */
async function decodePayload(payload: Payload, jwks?: Jwks, requestTime?: number): Promise<Decoded> {
  const { where } = payload
  try {
    switch (payload.kind) {
      case 'jwt': {
        const jwt = await decodeToken(payload.value, jwks)
        return { kind: 'jwt', where, jwt, claims: explainClaims(jwt.claims, requestTime) }
      }
      case 'saml': {
        const read = readAssertion(payload.value)
        if (!read.ok) return { kind: 'error', where, message: `SAML assertion refused: ${read.reason}` }
        return {
          kind: 'saml',
          where,
          assertion: read.assertion,
          signature: await checkAssertionSignature(read.assertion),
        }
      }
      case 'ws-trust': {
        const read = readWsTrust(payload.value)
        if (!read.ok) return { kind: 'error', where, message: `WS-Trust message refused: ${read.reason}` }
        return { kind: 'ws-trust', where, message: read.message }
      }
      case 'certificate':
        return { kind: 'certificate', where, certificate: await decodeCertificate(payload.value) }
      case 'csr':
        return { kind: 'csr', where, csr: await decodeCsr(payload.value) }
      case 'transport-key':
        return { kind: 'transport-key', where, blob: decodeTransportKey(payload.value) }
      case 'der':
        return await decodeDer(payload)
    }
  } catch (error) {
    return { kind: 'error', where, message: error instanceof Error ? error.message : String(error) }
  }
}

// Bare base64 DER says nothing of what it holds: try a certificate first, then a request.
async function decodeDer(payload: Payload): Promise<Decoded> {
  const der = fromBase64(payload.value)
  try {
    return { kind: 'certificate', where: payload.where, certificate: await decodeCertificate(der) }
  } catch {
    return { kind: 'csr', where: payload.where, csr: await decodeCsr(der) }
  }
}

export async function decodePayloads(
  payloads: Payload[],
  jwks?: Jwks,
  requestTime?: number,
): Promise<Decoded[]> {
  return Promise.all(payloads.map((payload) => decodePayload(payload, jwks, requestTime)))
}
