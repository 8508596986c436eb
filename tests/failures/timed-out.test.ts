import { SimulatedClock } from 'xstate'
import { expect, it } from 'vitest'
import { findScenario } from '../../machines/index.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { createDeviceStore } from '../../src/device/device-store.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { startRun } from '../../src/engine/run.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

it('ends in TIMED_OUT when nobody answers the user-name prompt, instead of waiting forever', async () => {
  const { clock } = emulateTenant(contosoManaged())
  const timers = new SimulatedClock()
  const scenario = findScenario('aadj-managed')!
  const run = startRun(scenario, {
    fetch,
    clock,
    keys: createPlatformKeyProvider(),
    store: createDeviceStore(),
    timers,
  })
  await new Promise<void>((resolve) =>
    run.subscribe((snapshot) => snapshot.matches('collectingUsername') && resolve()),
  )
  timers.increment(15 * 60_000)
  const trace = await run.done
  expect(trace.outcome).toBe('TIMED_OUT')
  expect(trace.failure).toEqual({
    code: 'TIMED_OUT',
    message: 'Nothing answered in time, so the device gave up.',
    phase: 'B',
  })
})
