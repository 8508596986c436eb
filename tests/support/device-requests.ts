import { base64url } from 'jose'
import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'

export const DRS_JOIN = 'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0'
const TOKEN_URL = 'https://login.microsoftonline.com/9d53c6fa-b38e-4509-8fb1-51dedb421aac/oauth2/token'

/** A well-formed join body with fresh keys, for tests that then break one part of it. */
export async function joinBody(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const keys = createPlatformKeyProvider()
  const deviceKey = await keys.createKeyPair('device')
  const transportKey = await keys.createKeyPair('transport')
  const csr = await buildCertificateRequest(deviceKey)
  return {
    CertificateRequest: { Type: 'pkcs10', Data: csr.base64 },
    TransportKey: transportKeyBase64(transportKey.publicKeySpki),
    TargetDomain: 'contoso.com',
    DeviceType: 'Windows',
    OSVersion: '10.0.22631.4460',
    DeviceDisplayName: 'DESKTOP-TEST',
    JoinType: 0,
    attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
    ...overrides,
  }
}

export async function passwordToken(username: string, password: string): Promise<Response> {
  return fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'dd762716-544d-4aeb-a526-687b73838a22',
      resource: 'urn:ms-drs:enterpriseregistration.windows.net',
      username,
      password,
    }).toString(),
  })
}

export function postJoin(token: string, body: unknown): Promise<Response> {
  return fetch(DRS_JOIN, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Redeems an AD FS assertion at Azure AD's token endpoint (grant saml1_1-bearer), as the device does. */
export function samlBearerToken(assertionXml: string): Promise<Response> {
  return fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
      client_id: 'dd762716-544d-4aeb-a526-687b73838a22',
      resource: 'urn:ms-drs:enterpriseregistration.windows.net',
      assertion: base64url.encode(assertionXml),
    }).toString(),
  })
}
