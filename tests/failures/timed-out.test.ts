import { expect, it } from 'vitest'
import { findScenario } from '../../machines/index.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { createDeviceStore } from '../../src/device/device-store.ts'
import { createPlatformKeyProvider } from '../../src/device/keys/webcrypto-provider.ts'
import { startRun } from '../../src/engine/run.ts'
import { emulateTenant } from '../support/tenant-harness.ts'
import { runManaged } from './support.ts'

it('ends in TIMED_OUT when nobody answers the user-name prompt, instead of waiting forever', async () => {
  const { clock } = emulateTenant(contosoManaged())
  const run = startRun(findScenario('aadj-managed')!, {
    fetch,
    clock,
    keys: createPlatformKeyProvider(),
    store: createDeviceStore(),
  })
  await new Promise<void>((resolve) =>
    run.subscribe((snapshot) => snapshot.matches('collectingUsername') && resolve()),
  )
  const started = clock.now()
  clock.advance(15 * 60_000 - 1)
  expect(run.snapshot().status, 'one millisecond before the deadline').toBe('active')
  clock.advance(1)
  const trace = await run.done
  expect(trace.outcome).toBe('TIMED_OUT')
  expect(trace.failure).toEqual({
    code: 'TIMED_OUT',
    message: 'Nothing answered in time, so the device gave up.',
    phase: 'B',
  })
  expect(trace.steps.at(-1)!.at).toBe(started - Date.parse(trace.startedAt) + 15 * 60_000)
})

it('ends in TIMED_OUT in phase D when the user leaves the terms of use open past the prompt deadline', async () => {
  // The run the expired-token story once recorded: two hours at a prompt that waits fifteen minutes.
  // On one clock the prompt's deadline fires first, so the join never reaches DRS.
  const { trace } = await runManaged(contosoManaged(), { pauses: { tou: 2 * 3600_000 } })
  expect(trace.outcome).toBe('TIMED_OUT')
  expect(trace.failure).toEqual({
    code: 'TIMED_OUT',
    message: 'Nothing answered in time, so the device gave up.',
    phase: 'D',
  })
  const prompt = trace.steps.find((step) => step.prompt === 'tou')!
  expect(trace.steps.at(-1)!.at - prompt.at).toBe(15 * 60_000)
  expect(trace.steps.some((step) => step.phase === 'G')).toBe(false)
})
