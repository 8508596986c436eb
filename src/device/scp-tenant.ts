import type { DrsEndpoints, ServiceConnectionPoint } from '../trace/ports.ts'
import { processDrsDiscovery } from './drs-discovery.ts'
import { JoinError } from './errors.ts'

/**
 * Phase B (hybrid), second half: DRS discovery for the domain the SCP names, checked against the
 * SCP's tenant ID. dsregcmd runs this as its "DRS Discovery Test" before a sync-join; an SCP that
 * names a domain Azure AD does not know, or a tenant ID that is not that domain's, is a wrong SCP.
 * @see protocol-notes.md §7 "Diagnostic Data"
 */
export async function processScpTenantDiscovery(
  response: Response,
  scp: ServiceConnectionPoint,
): Promise<DrsEndpoints> {
  let drs: DrsEndpoints
  try {
    drs = await processDrsDiscovery(response)
  } catch (error) {
    // A 4xx from discovery means the name in the SCP is not a tenant's; other failures stay what they are.
    if (error instanceof JoinError && error.code === 'DISCOVERY_FAILED' && response.status < 500) {
      throw new JoinError(
        'SCP_NOT_FOUND',
        `The service connection point names "${scp.tenantName}", which DRS does not know: ${error.message}`,
        { cause: error.cause },
      )
    }
    throw error
  }
  const discovered = authorityTenant(drs.authority)
  if (discovered !== scp.tenantId.toLowerCase()) {
    throw new JoinError(
      'SCP_NOT_FOUND',
      `The service connection point's "azureADId" ${scp.tenantId} is not the tenant DRS names for "${scp.tenantName}" (${discovered || 'none'}).`,
      { cause: drs },
    )
  }
  return drs
}

// OAuth2Authority is https://login.microsoftonline.com/{tenantId}/
function authorityTenant(authority: string): string {
  try {
    return (
      new URL(authority).pathname
        .split('/')
        .find((part) => part !== '')
        ?.toLowerCase() ?? ''
    )
  } catch {
    return ''
  }
}
