import type { ArmedFault } from '../../mocks/faults/inject.ts'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { RunDeps } from '../engine/deps.ts'
import type { RunClock } from '../engine/run-clock.ts'

/** What a run needs from the tenant it runs against: the device store, directory, sync, the CA. */
type TenantHostDeps = Pick<RunDeps, 'store' | 'directory' | 'aadConnect' | 'caCertificate'>

/**
 * What the page needs from the emulated services: switch them to a fresh tenant on the run's clock.
 * Asynchronous because the services (MSW's browser bundle and the handlers) are not part of the
 * first screen: they start in idle time after the first paint, or when the first live run asks.
 */
export interface EmulatedServices {
  /** Points the service worker's handlers at a fresh tenant built from the fixture, with faults armed, once they answer. */
  useTenant: (
    fixture: TenantFixture,
    clock: RunClock,
    faults?: readonly ArmedFault[],
  ) => Promise<TenantHostDeps>
}
