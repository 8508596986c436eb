import type {
  ClientIdentity,
  ComputerIdentity,
  DrsEndpoints,
  ServiceConnectionPoint,
} from '../trace/ports.ts'
import { LDAP_RESULT, SCP_RDN, type DirectoryClient } from '../trace/ldap.ts'
import { toBase64 } from './encoding.ts'
import { JoinError } from './errors.ts'
import type { DeviceKeyPair } from './keys/key-provider.ts'
import { send } from './http.ts'
import { buildSelfSignedCertificate } from './self-signed-certificate.ts'
import { DSREG_USER_AGENT, OS_VERSION } from './well-known.ts'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Phase B (hybrid): read the SCP's keywords with an LDAP base search. @see seed phase B */
export async function readServiceConnectionPoint(
  directory: DirectoryClient,
  domainDn: string,
): Promise<ServiceConnectionPoint> {
  let entries
  try {
    entries = await directory.search({
      base: `${SCP_RDN},${domainDn}`,
      scope: 'base',
      filter: '(objectClass=serviceConnectionPoint)',
      attributes: ['keywords'],
    })
  } catch (error) {
    // Only noSuchObject means the SCP is missing; any other result is the directory failing to answer.
    if ((error as { resultCode?: number }).resultCode !== LDAP_RESULT.noSuchObject) {
      throw new JoinError(
        'SERVICE_UNAVAILABLE',
        `The domain controller did not answer the SCP search: ${(error as Error).message}`,
        { cause: error },
      )
    }
    throw new JoinError('SCP_NOT_FOUND', `There is no service connection point at ${SCP_RDN},${domainDn}.`, {
      cause: error,
    })
  }
  const keywords = entries[0]?.attributes.keywords ?? []
  const value = (prefix: string) =>
    keywords.find((keyword) => keyword.toLowerCase().startsWith(prefix))?.slice(prefix.length)
  const tenantName = value('azureadname:')
  const tenantId = value('azureadid:')
  if (!tenantName || !tenantId || !GUID.test(tenantId)) {
    throw new JoinError(
      'SCP_NOT_FOUND',
      `The service connection point's "keywords" do not name an Azure AD tenant (azureADName and a GUID azureADId): ${JSON.stringify(keywords)}.`,
    )
  }
  return { tenantName, tenantId: tenantId.toLowerCase() }
}

/** Phase C (hybrid managed): the self-signed certificate, written to the computer's userCertificate. */
export async function publishUserCertificate(
  directory: DirectoryClient,
  computer: ComputerIdentity,
  key: DeviceKeyPair,
  now: number,
): Promise<string> {
  const certificate = await buildSelfSignedCertificate(key, computer.objectGuid, now)
  await directory.modify(computer.dn, [
    { operation: 'replace', attribute: 'userCertificate', values: [certificate.base64] },
  ])
  return certificate.pem
}

/** Phase E (hybrid managed): the computer proves it holds the userCertificate key by signing its SID and the time. */
export async function signClientIdentity(
  computer: ComputerIdentity,
  key: DeviceKeyPair,
  now: number,
): Promise<ClientIdentity> {
  const stamp = new Date(now).toISOString().slice(0, 19).replace('T', ' ')
  const sid = `${computer.objectSid}.${stamp}Z`
  return {
    Type: 'sha256signed',
    Sid: sid,
    SignedBlob: toBase64(await key.sign(new TextEncoder().encode(sid))),
  }
}

export interface HybridJoinRequest {
  /** From the discovery of phase B: where to join and which api-version. */
  drs: Pick<DrsEndpoints, 'joinEndpoint' | 'joinServiceVersion'>
  computer: ComputerIdentity
  deviceName: string
  scp: ServiceConnectionPoint
  clientIdentity: ClientIdentity
  csrBase64: string
  transportKey: string
}

/** Phase G (hybrid managed): complete the join with a PUT on the synced device object. @see protocol.md "Hybrid sync-join" */
export function requestHybridJoin(fetcher: typeof fetch, request: HybridJoinRequest): Promise<Response> {
  const url = `${request.drs.joinEndpoint}${request.computer.objectGuid}?api-version=${encodeURIComponent(request.drs.joinServiceVersion)}`
  return send(fetcher, url, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': DSREG_USER_AGENT,
    },
    body: JSON.stringify({
      CertificateRequest: { Type: 'pkcs10', Data: request.csrBase64 },
      ServerAdJoinData: {
        TransportKey: request.transportKey,
        TargetDomain: request.scp.tenantName,
        DeviceType: 'Windows',
        OSVersion: OS_VERSION,
        DeviceDisplayName: request.deviceName,
        TargetDomainId: request.scp.tenantId,
        ClientIdentity: request.clientIdentity,
      },
      JoinType: 6,
      attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
    }),
  })
}
