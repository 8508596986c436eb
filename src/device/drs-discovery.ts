import { JoinError } from './errors.ts'
import { readJson, requireString, send, serviceError } from './http.ts'
import { DRS } from './well-known.ts'
import type { DrsEndpoints } from '../trace/ports.ts'

/** Phase E: ask DRS for the tenant's registration endpoints. @see protocol.md "E. DRS discovery" */
export function requestDrsDiscovery(fetcher: typeof fetch, domain: string): Promise<Response> {
  return send(fetcher, `${DRS}/${encodeURIComponent(domain)}/enrollmentserver/contract?api-version=1.2`, {
    headers: { accept: 'application/json', 'user-agent': 'Dsreg/10.0' },
  })
}

export async function processDrsDiscovery(response: Response): Promise<DrsEndpoints> {
  const body = await readJson(response, 'DRS discovery document')
  if (!response.ok) throw serviceError('DISCOVERY_FAILED', body, response.status)
  const what = 'DRS discovery document'
  const endpoints = {
    joinEndpoint: requireString(body, 'DeviceJoinService.JoinEndpoint', what),
    joinResourceId: requireString(body, 'DeviceJoinService.JoinResourceId', what),
    joinServiceVersion: requireString(body, 'DeviceJoinService.ServiceVersion', what),
    keyProvisionEndpoint: requireString(body, 'KeyProvisioningService.KeyProvisionEndpoint', what),
    keyResourceId: requireString(body, 'KeyProvisioningService.KeyProvisionResourceId', what),
    keyServiceVersion: requireString(body, 'KeyProvisioningService.ServiceVersion', what),
    authority: requireString(body, 'AuthenticationService.OAuth2Authority', what),
  }
  if (!endpoints.joinEndpoint.startsWith('https://')) {
    throw new JoinError('DISCOVERY_FAILED', '"DeviceJoinService.JoinEndpoint" is not an https URL.', {
      cause: body,
    })
  }
  return endpoints
}
