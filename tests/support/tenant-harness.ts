import { afterEach } from 'vitest'
import type { ArmedFault } from '../../mocks/faults/inject.ts'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import { startNodeServices } from '../../mocks/node.ts'
import { createTenant, type Tenant } from '../../mocks/tenant.ts'
import { createSimulatedClock, type RunClock } from '../../src/engine/run-clock.ts'
import { RECORDING_EPOCH } from '../../src/stories/recording.ts'

export interface EmulatedTenant {
  tenant: Tenant
  clock: RunClock
  caPem: () => Promise<string>
}

let stopCurrent: (() => void) | undefined
afterEach(() => {
  stopCurrent?.()
  stopCurrent = undefined
})

/**
 * Starts the emulated services for one test on a fixed clock with sequential IDs, and stops them
 * after the test; no request leaves the process. Armed faults let their latency pass on that clock.
 */
export function emulateTenant(fixture: TenantFixture, faults: readonly ArmedFault[] = []): EmulatedTenant {
  const clock = createSimulatedClock(RECORDING_EPOCH)
  let counter = 0
  const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`
  const tenant = createTenant(fixture, { now: clock.now, newId })
  const server = startNodeServices(tenant, { armed: faults, wait: clock.advance })
  stopCurrent = () => server.close()
  return { tenant, clock, caPem: async () => (await tenant.deviceCa()).pem }
}
