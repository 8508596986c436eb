import { buildCertificateRequest } from '../../src/device/certificate-request.ts'
import { transportKeyBase64 } from '../../src/device/transport-key.ts'
import { clientKey } from './client-key.ts'

/** How a client sends one HTTPS request through the proxy (a tunnel per request, or keep-alive). */
export type Send = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; body: string }>

/** What a joining client holds before it starts: its device key's CSR and transport key. */
export interface Joiner {
  csr: string
  transportKey: string
}

/** Key and CSR made up front, so a burst of joins measures the server, not the clients' key generation. */
export async function prepareJoiner(): Promise<Joiner> {
  const key = clientKey()
  const csr = await buildCertificateRequest(key.pair)
  return { csr: csr.base64, transportKey: transportKeyBase64(key.pair.publicKeySpki) }
}

/**
 * A whole join as scripts/curl-join.sh makes it: a password-grant token for DRS, then the join.
 * @returns the issued certificate (base64 DER): what the client was told it now has
 */
export async function joinDevice(send: Send, joiner: Joiner): Promise<string> {
  const token = await send('https://login.microsoftonline.com/contoso.com/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&client_id=1b730954-1685-4b74-9bfd-dac224a7b894&resource=01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9&username=adele.vance%40contoso.com&password=Pa55w.rd-Contoso',
  })
  if (token.status !== 200) throw new Error(`token: ${token.status} ${token.body}`)
  const join = await send(
    'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0',
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(JSON.parse(token.body) as { access_token: string }).access_token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        CertificateRequest: { Type: 'pkcs10', Data: joiner.csr },
        TransportKey: joiner.transportKey,
        TargetDomain: 'contoso.com',
        DeviceType: 'Windows',
        OSVersion: '10.0.22631.4460',
        DeviceDisplayName: 'BURST-CLIENT',
        JoinType: 4,
        attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
      }),
    },
  )
  if (join.status !== 200) throw new Error(`join: ${join.status} ${join.body}`)
  return (JSON.parse(join.body) as { Certificate: { RawBody: string } }).Certificate.RawBody
}
