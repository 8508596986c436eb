import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'

/** What the page needs from the emulated services: switch them to a tenant, read its CA. */
export interface EmulatedServices {
  /** Points the service worker's handlers at a fresh tenant built from the fixture. */
  useTenant: (fixture: TenantFixture) => { caCertificate: () => Promise<string> }
}
