import type { InspectionEvent } from 'xstate'
import type { ArmedFault } from '../../../mocks/faults/inject.ts'
import type { FlowEvent } from '../../../machines/setup.ts'
import { findScenario } from '../../../machines/index.ts'
import { dsregStatus } from '../../device/dsreg-status.ts'
import type { KeyProvider } from '../../device/keys/key-provider.ts'
import { createRealTimeClock, RUN_CLOCK_LEAD_MS } from '../../engine/run-clock.ts'
import { storyFaults, type Story } from '../../stories/story.ts'
import type { Trace } from '../../trace/schema.ts'
import type { EmulatedServices } from '../emulated-services.ts'
import { createWorkerKeyProvider } from '../keys/worker-key-provider.ts'
import type { DeviceSnapshot, Frame } from './frames.ts'

export type KeyChoice = 'platform' | 'software'

/** An extra observer of the run's actor system: Stately's inspector when the user opts in. */
export type RunInspector = (event: InspectionEvent) => void

/** What the page must know about the machine beyond the trace: what the prompt should show. */
export interface PromptContext {
  waiting: boolean
  rejection?: string
  termsOfUse?: string
}

export interface LiveRunListener {
  frame: (frame: Frame) => void
  context: (context: PromptContext) => void
  done: (trace: Trace) => void
  failed: (error: unknown) => void
  keygenJob: () => void
}

export interface LiveRun {
  send: (event: FlowEvent) => void
  stop: () => void
}

/** A what-if run: faults armed, and the prompts answered as before (the user's events, or the story's answers). */
export interface LiveRunOptions {
  faults?: readonly ArmedFault[]
  answers?: { events: readonly FlowEvent[] } | { story: true }
}

/**
 * Starts one live run of a story. This module, the engine, the key providers and the emulated
 * services load on first use (or in idle time before it), so the first paint carries none of them.
 * Called from a click, never from an effect.
 */
export async function startLiveRun(
  story: Story,
  keys: KeyChoice,
  services: EmulatedServices,
  listener: LiveRunListener,
  inspect?: RunInspector,
  options: LiveRunOptions = {},
): Promise<LiveRun> {
  const scenario = findScenario(story.scenario, Boolean(story.afterJoin))
  if (!scenario) throw new Error(`Unknown scenario "${story.scenario}".`)
  // Real time, started before the wall clock so the sync cycles it skips to lie in the past.
  const clock = createRealTimeClock(RUN_CLOCK_LEAD_MS)
  const faults = [...storyFaults(story), ...(options.faults ?? [])]
  const [{ startRun }, { answerPrompts, replayAnswers }, provider, host] = await Promise.all([
    import('../../engine/run.ts'),
    import('../../engine/answers.ts'),
    keyProvider(keys, listener.keygenJob),
    services.useTenant(story.fixture(), clock, faults),
  ])
  const device = (): DeviceSnapshot => ({
    status: dsregStatus(host.store),
    certificates: host.store.personalStore,
  })
  const run = startRun(
    scenario,
    { ...host, fetch: window.fetch.bind(window), clock, keys: provider },
    {
      story: story.id,
      inspect,
      onStep: (step) => listener.frame({ kind: 'step', step: { ...step, exchanges: [] }, device: device() }),
      onExchange: (exchange, step) =>
        listener.frame({ kind: 'exchange', stepIndex: step.index, exchange, device: device() }),
    },
  )
  const report = () => {
    const snapshot = run.snapshot()
    const context = snapshot.context as { rejection?: string; termsOfUse?: { text: string } }
    const waiting = snapshot.status === 'active' && Boolean(run.steps().at(-1)?.prompt)
    listener.context({ waiting, rejection: context.rejection, termsOfUse: context.termsOfUse?.text })
  }
  const unsubscribe = run.subscribe(report)
  const answers = options.answers
  const stopAnswering = !answers
    ? () => {}
    : 'events' in answers
      ? replayAnswers(run, answers.events)
      : answerPrompts(run, story.answers)
  report()
  run.done.then(listener.done, listener.failed)
  return {
    send: (event) => run.send(event),
    stop: () => {
      stopAnswering()
      unsubscribe()
      run.stop()
    },
  }
}

async function keyProvider(keys: KeyChoice, onJob: () => void): Promise<KeyProvider> {
  if (keys === 'platform')
    return (await import('../../device/keys/webcrypto-provider.ts')).createPlatformKeyProvider()
  return createWorkerKeyProvider(onJob)
}
