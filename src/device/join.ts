import { toHex } from './encoding.ts'
import { JoinError } from './errors.ts'
import { readJson, requireString, send, serviceError } from './http.ts'
import { DSREG_USER_AGENT, OS_VERSION } from './well-known.ts'
import { x509 } from './x509.ts'
import type { JoinResult } from '../trace/ports.ts'

export interface JoinRequest {
  joinEndpoint: string
  serviceVersion: string
  accessToken: string
  csrBase64: string
  transportKey: string
  targetDomain: string
  deviceDisplayName: string
  /** 0 Azure AD joined, 4 registered, 6 hybrid. */
  joinType: 0 | 4 | 6
}

/** Phase G: send the token, CSR and tkpub to DRS. @see protocol.md "G. Join request (DRS)" */
export function requestJoin(fetcher: typeof fetch, request: JoinRequest): Promise<Response> {
  return send(fetcher, `${request.joinEndpoint}?api-version=${encodeURIComponent(request.serviceVersion)}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${request.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': DSREG_USER_AGENT,
    },
    body: JSON.stringify({
      CertificateRequest: { Type: 'pkcs10', Data: request.csrBase64 },
      TransportKey: request.transportKey,
      TargetDomain: request.targetDomain,
      DeviceType: 'Windows',
      OSVersion: OS_VERSION,
      DeviceDisplayName: request.deviceDisplayName,
      JoinType: request.joinType,
      attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
    }),
  })
}

/** Reads DRS's answer: the certificate it issued, whose subject CN is the new device ID. */
export async function processJoinResponse(response: Response): Promise<JoinResult> {
  const body = await readJson(response, 'join response')
  if (!response.ok) throw serviceError(joinErrorCode(response.status, body), body, response.status)
  const rawBody = requireString(body, 'Certificate.RawBody', 'join response')
  let certificate: x509.X509Certificate
  try {
    certificate = new x509.X509Certificate(rawBody)
  } catch (error) {
    throw new JoinError('RESPONSE_MALFORMED', '"Certificate.RawBody" is not a DER certificate.', {
      cause: error,
    })
  }
  const deviceId = certificate.subjectName.getField('CN')[0]
  if (!deviceId)
    throw new JoinError('RESPONSE_MALFORMED', 'The issued certificate has no CN naming the device.', {
      cause: body,
    })
  const thumbprint = toHex(await certificate.getThumbprint('SHA-1'))
  return {
    deviceId,
    certificatePem: certificate.toString('pem'),
    thumbprint,
    upn: (body.User as { Upn?: string } | undefined)?.Upn,
    localAdministrators: membershipSids(body),
  }
}

function membershipSids(body: Record<string, unknown>): string[] {
  const changes = Array.isArray(body.MembershipChanges) ? body.MembershipChanges : []
  return changes.flatMap((change: { AddSIDs?: unknown }) =>
    Array.isArray(change.AddSIDs) ? change.AddSIDs.map(String) : [],
  )
}

// 0x801c03f2: a hybrid join before Azure AD Connect has created the device object.
function joinErrorCode(status: number, body: Record<string, unknown>) {
  if (body.ErrorType === 'DirectoryError' && /isn't found/.test(String(body.Message)))
    return 'DEVICE_NOT_SYNCED' as const
  // MS-DVRE 4.1.3 words the device cap as AuthorizationError, DeviceCapReached.
  if (body.ErrorType === 'AuthorizationError' && /DeviceCapReached/.test(String(body.Message)))
    return 'DEVICE_QUOTA_EXCEEDED' as const
  return status === 401 ? ('TOKEN_REJECTED' as const) : ('JOIN_REJECTED' as const)
}
