import { createAdfsHandlers } from './adfs.ts'
import { createAdfsMexHandlers } from './adfs-mex.ts'
import { createUsernameMixedHandlers } from './adfs-usernamemixed.ts'
import { createEnterprisePrtHandlers } from './adfs-prt.ts'
import { createWindowsTransportHandlers } from './adfs-windows-transport.ts'
import { createAzureAdHandlers } from './azure-ad.ts'
import { createAzureAdV2Handlers } from './azure-ad-v2.ts'
import { createDeviceCodeHandlers } from './device-code.ts'
import { createDrsHandlers } from './drs.ts'
import { createKeyRegistrationHandlers } from './drs-key.ts'
import { createMalformedPathHandlers } from './malformed-path.ts'
import { createMdmHandlers } from './mdm.ts'
import { withFaults, type FaultInjection } from './faults/inject.ts'
import type { Tenant } from './tenant.ts'

/**
 * Every emulated service for one tenant, as one list of MSW handlers for the browser or Node, with
 * the faults a run arms in front of them.
 */
export function createHandlers(tenant: Tenant, faults?: FaultInjection) {
  return withFaults(serviceHandlers(tenant), tenant, faults)
}

function serviceHandlers(tenant: Tenant) {
  return [
    // First: any other handler would throw while decoding such a path.
    ...createMalformedPathHandlers(tenant),
    ...createAzureAdHandlers(tenant),
    ...createAzureAdV2Handlers(tenant),
    ...createDeviceCodeHandlers(tenant),
    ...createDrsHandlers(tenant),
    ...createKeyRegistrationHandlers(tenant),
    ...createMdmHandlers(tenant),
    ...createAdfsHandlers(tenant),
    ...createAdfsMexHandlers(tenant),
    ...createUsernameMixedHandlers(tenant),
    ...createWindowsTransportHandlers(tenant),
    ...createEnterprisePrtHandlers(tenant),
  ]
}
