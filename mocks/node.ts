import { setupServer } from 'msw/node'
import { createHandlers } from './handlers.ts'
import type { Tenant } from './tenant.ts'

/** The emulated services inside a Node process; nothing unhandled is allowed to leave it. */
export function startNodeServices(tenant: Tenant) {
  const server = setupServer(...createHandlers(tenant))
  server.listen({ onUnhandledRequest: 'error' })
  return server
}
