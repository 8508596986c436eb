import type { ArmedFault } from '../../mocks/faults/inject.ts'
import { startNodeServices } from '../../mocks/node.ts'
import { createTenant } from '../../mocks/tenant.ts'
import type { DeviceStore } from '../device/device-store.ts'
import { createSoftwareKeyProvider } from '../device/keys/forge-provider.ts'
import { createPlatformKeyProvider } from '../device/keys/webcrypto-provider.ts'
import { runHeadless } from '../engine/headless.ts'
import { tenantHostDeps } from '../engine/tenant-host.ts'
import { createHeadlessClock, type RunClock } from '../engine/run-clock.ts'
import { storyFaults, type Story } from '../stories/story.ts'
import type { Exchange, Step, Trace } from '../trace/schema.ts'

export interface StoryRunOptions {
  clock?: RunClock
  /** Where the emulated services take new IDs (device IDs, trace IDs); seeded for recordings. */
  newId?: () => string
  softwareKeys?: boolean
  /** Faults armed on top of the story's own. */
  faults?: readonly ArmedFault[]
  onStep?: (step: Step) => void
  onExchange?: (exchange: Exchange) => void
}

/** Runs a story in Node: its tenant behind MSW's interceptors, its answers given automatically. */
export async function runStoryInNode(
  story: Story,
  options: StoryRunOptions = {},
): Promise<{ trace: Trace; store: DeviceStore }> {
  const clock = options.clock ?? createHeadlessClock()
  const tenant = createTenant(story.fixture(), {
    now: clock.now,
    newId: options.newId ?? (() => crypto.randomUUID()),
  })
  // Latency passes on the run's clock: the run skips ahead, never sleeps.
  const server = startNodeServices(tenant, {
    armed: [...storyFaults(story), ...(options.faults ?? [])],
    wait: clock.advance,
  })
  try {
    const software = options.softwareKeys || story.keyProvider === 'software'
    return await runHeadless({
      ...tenantHostDeps(tenant),
      scenario: story.scenario,
      story: story.id,
      afterJoin: story.afterJoin,
      answers: story.answers,
      clock,
      keys: software ? createSoftwareKeyProvider() : createPlatformKeyProvider(),
      onStep: options.onStep,
      onExchange: options.onExchange,
    })
  } finally {
    server.close()
  }
}

/** IDs from a seed: the same sequence every run, so recordings and live runs line up. */
export function seededIds(seed: string): () => string {
  let counter = 0
  return () => {
    counter += 1
    const hex = [...`${seed}:${counter}`].reduce(
      (hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0,
      2166136261,
    )
    const tail = (hex.toString(16).padStart(8, '0') + counter.toString(16).padStart(4, '0')).slice(0, 12)
    return `5eed0000-0000-4000-8000-${tail}`
  }
}
