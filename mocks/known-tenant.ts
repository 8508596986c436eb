import { ProtocolError } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'

/**
 * The tenant a login.microsoftonline.com path names: `common`, `organizations`, the tenant ID or
 * its verified domain; anything else is AADSTS90002.
 */
export function requireKnownTenant(tenant: Tenant, name: string): void {
  const { tenantId, domain } = tenant.fixture
  if (['common', 'organizations', tenantId, domain].includes(name.toLowerCase())) return
  throw new ProtocolError(
    'azure-ad',
    400,
    'invalid_tenant',
    `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    90002,
  )
}
