import { setupServer } from 'msw/node'
import { createHandlers } from './handlers.ts'
import type { FaultInjection } from './faults/inject.ts'
import type { Tenant } from './tenant.ts'

/** The emulated services inside a Node process; nothing unhandled is allowed to leave it. */
export function startNodeServices(tenant: Tenant, faults?: FaultInjection) {
  const server = setupServer(...createHandlers(tenant, faults))
  server.listen({ onUnhandledRequest: 'error' })
  return server
}
