import type { Tenant } from './tenant.ts'

/**
 * User realm discovery: is the user's domain managed, federated or unknown? Version 1.0 answers
 * with `account_type`, 2.x with `NameSpaceType`. @see protocol.md "B/C. User realm discovery"
 */
export function realmAnswer(tenant: Tenant, upn: string, apiVersion: string): Record<string, unknown> {
  const domain = upn.split('@')[1]?.toLowerCase() ?? ''
  const known = domain === tenant.fixture.domain.toLowerCase()
  const federation = known ? tenant.fixture.federation : undefined
  const kind = !known ? 'Unknown' : federation ? 'Federated' : 'Managed'
  const sts = federation ? `https://${federation.stsHost}/adfs` : undefined
  const federationFields = sts
    ? {
        federation_protocol: 'WSTrust',
        federation_metadata_url: `${sts}/services/trust/mex`,
        federation_active_auth_url: `${sts}/services/trust/2005/usernamemixed`,
      }
    : {}
  if (apiVersion.startsWith('1.')) {
    return {
      ver: '1.0',
      account_type: kind,
      domain_name: domain,
      cloud_instance_name: 'microsoftonline.com',
      cloud_audience_urn: 'urn:federation:MicrosoftOnline',
      ...federationFields,
    }
  }
  return {
    NameSpaceType: kind,
    Login: upn,
    DomainName: domain,
    ...(known
      ? { FederationBrandName: federation?.brandName ?? tenant.fixture.displayName, TenantBrandingInfo: null }
      : {}),
    cloud_instance_name: 'microsoftonline.com',
    ...federationFields,
    ...(sts
      ? {
          AuthURL: `${sts}/ls/?username=${encodeURIComponent(upn)}&wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=`,
        }
      : {}),
  }
}
