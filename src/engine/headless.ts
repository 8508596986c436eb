import { findScenario } from '../../machines/index.ts'
import { createDeviceStore, type DeviceStore } from '../device/device-store.ts'
import { createPlatformKeyProvider } from '../device/keys/webcrypto-provider.ts'
import type { KeyProvider } from '../device/keys/key-provider.ts'
import type { Exchange, Step, Trace } from '../trace/schema.ts'
import { answerPrompts, type Answers } from './answers.ts'
import type { RunDeps } from './deps.ts'
import { startRun } from './run.ts'
import type { RunClock } from './run-clock.ts'
import { fixedServiceLatency, type ServiceLatency } from './service-latency.ts'

export interface HeadlessRun {
  scenario: string
  answers: Answers
  clock: RunClock
  /** Where requests go: the process's fetch, which MSW's Node interceptors answer. */
  fetch?: typeof fetch
  keys?: KeyProvider
  store?: DeviceStore
  caCertificate?: () => Promise<string>
  directory?: RunDeps['directory']
  aadConnect?: RunDeps['aadConnect']
  /** How long each service takes on the simulated clock; each service's fixed figure by default. */
  latency?: ServiceLatency
  story?: string
  /** Run the cloud flow's phases after the join too (first sign-in's PRT, Windows Hello key). */
  afterJoin?: boolean
  onStep?: (step: Step) => void
  onExchange?: (exchange: Exchange, step: Step) => void
}

/** Runs a scenario to its end with nobody at the keyboard: the runner's and the tests' entry point. */
export async function runHeadless(options: HeadlessRun): Promise<{ trace: Trace; store: DeviceStore }> {
  const scenario = findScenario(options.scenario, options.afterJoin)
  if (!scenario)
    throw new Error(
      `Unknown scenario "${options.scenario}"${options.afterJoin ? ' with phases after the join' : ''}.`,
    )
  const store = options.store ?? createDeviceStore()
  const run = startRun(
    scenario,
    {
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      clock: options.clock,
      keys: options.keys ?? createPlatformKeyProvider(),
      store,
      caCertificate: options.caCertificate,
      directory: options.directory,
      aadConnect: options.aadConnect,
      latency: options.latency ?? fixedServiceLatency,
    },
    { story: options.story, onStep: options.onStep, onExchange: options.onExchange },
  )
  const stopAnswering = answerPrompts(run, options.answers)
  try {
    return { trace: await run.done, store }
  } finally {
    stopAnswering()
    run.stop()
  }
}
