import { HttpResponse } from 'msw'
import { ProtocolError } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'
import { fromBase64, sha1Hex, x509 } from './x509.ts'

/**
 * The TLS client certificate, as the local HTTPS proxy (`npm run serve`) passes it on after the
 * handshake proved the client holds its key. The proxy removes any copy a client sends itself.
 */
export const CLIENT_CERTIFICATE_HEADER = 'x-device-join-tracer-client-certificate'

/**
 * `DELETE /EnrollmentServer/device/{deviceId}` (MS-DVRJ): the device removes itself, authenticated
 * by its device certificate as TLS client certificate. Rules: a client certificate is present, was
 * issued by this tenant's device CA, and is the one the device object holds; else 401.
 */
export async function deleteDevice(tenant: Tenant, request: Request, deviceId: string): Promise<Response> {
  const der = fromBase64(request.headers.get(CLIENT_CERTIFICATE_HEADER) ?? '')
  if (!der || der.length === 0) throw unauthenticated('The request carries no client certificate.')
  let certificate: x509.X509Certificate
  try {
    certificate = new x509.X509Certificate(der.slice().buffer as ArrayBuffer)
  } catch {
    throw unauthenticated('The client certificate is not a certificate.')
  }
  const ca = await tenant.deviceCa()
  if (!(await certificate.verify({ publicKey: ca.certificate, signatureOnly: true })))
    throw unauthenticated('The client certificate was not issued by this tenant.')
  const device = tenant.devices.get(deviceId.toLowerCase())
  if (!device || device.deviceCertificateThumbprint !== (await sha1Hex(certificate.rawData))) {
    throw unauthenticated(`The device ${deviceId} is not registered with this certificate.`)
  }
  tenant.devices.delete(device.deviceId)
  return new HttpResponse(null, { status: 200 })
}

function unauthenticated(message: string): ProtocolError {
  return new ProtocolError('drs', 401, 'AuthenticationError', message)
}
