import { createActor, type AnyMachineSnapshot, type InspectionEvent } from 'xstate'
import { flowActorLogic, type FlowActorName } from '../../machines/actors.ts'
import { machineOf } from '../../machines/flows.ts'
import type { Scenario } from '../../machines/index.ts'
import type { FlowContext, FlowEvent } from '../../machines/setup.ts'
import { dsregStatus } from '../device/dsreg-status.ts'
import { retryingFetch } from '../device/retry.ts'
import type { Artifacts, Exchange, Step, Trace } from '../trace/schema.ts'
import type { RunDeps } from './deps.ts'
import type { RunClock } from './run-clock.ts'
import { afterJoinActors } from './after-join-actors.ts'
import { deviceActors } from './device-actors.ts'
import { hybridActors } from './hybrid-actors.ts'
import { recordingDirectory } from './on-premises-recorder.ts'
import { directoryWithLatency, fetchWithLatency } from './service-latency.ts'
import { TraceRecorder, type ExchangeRecord } from './trace-recorder.ts'

export interface RunOptions {
  story?: string
  /** Called for every step as it is recorded, in order. */
  onStep?: (step: Step) => void
  /** Called for every exchange as it is filed under its step. */
  onExchange?: (exchange: Exchange, step: Step) => void
  /** Another inspector to feed every event of the run's actor system (the page's opt-in Stately link). */
  inspect?: (event: InspectionEvent) => void
}

export interface Run {
  send: (event: FlowEvent) => void
  snapshot: () => AnyMachineSnapshot
  subscribe: (listener: (snapshot: AnyMachineSnapshot) => void) => () => void
  /** The steps recorded so far (live view of the trace). */
  steps: () => readonly Step[]
  /** Resolves with the finished trace when the machine reaches a final state. */
  done: Promise<Trace>
  stop: () => void
  /** The run clock, for hosts that let time pass (a user who lingers, a sync cycle). */
  clock: RunClock
}

/** Starts one flow against the given deps and records its trace. */
export function startRun(scenario: Scenario, deps: RunDeps, options: RunOptions = {}): Run {
  const recorder = new TraceRecorder(deps.clock.now, options.onExchange)
  const { fetch, directory, fileSyncStep } = recordedIo(deps, recorder)
  const recordedDeps = { ...deps, fetch }
  const machine = machineOf(scenario.id, scenario.afterJoin).provide({
    actors: flowActorLogic<FlowActorName>({
      ...deviceActors(recordedDeps),
      ...hybridActors(recordedDeps, directory, fileSyncStep),
      ...afterJoinActors(recordedDeps),
    }),
  })
  const observe = (snapshot: AnyMachineSnapshot) => {
    const step = recorder.observe(snapshot)
    if (step) options.onStep?.(step)
  }
  // Microsteps show the states a transition passes through without stopping (a skipped phase).
  const inspect = (event: InspectionEvent) => {
    options.inspect?.(event)
    if (event.actorRef.sessionId !== event.rootId) return
    if (event.type === '@xstate.microstep' || event.type === '@xstate.snapshot')
      observe(event.snapshot as AnyMachineSnapshot)
  }
  const actor = createActor(machine, {
    input: { deviceName: deps.store.deviceName },
    inspect,
    clock: deps.clock,
  })
  const done = new Promise<Trace>((resolve, reject) => {
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status !== 'done') return
        finish(scenario, recorder, snapshot, deps, options.story).then(resolve, reject)
      },
      error: reject,
    })
  })
  actor.start()
  return {
    send: (event) => actor.send(event),
    snapshot: () => actor.getSnapshot(),
    subscribe: (listener) => actor.subscribe(listener).unsubscribe,
    steps: () => recorder.steps,
    done,
    stop: () => actor.stop(),
    clock: deps.clock,
  }
}

/**
 * The run's ways out (HTTP, LDAP, Azure AD Connect's cycles), each recorded as exchanges; with
 * `deps.latency`, each service's time passes on the run's clock inside the recorded span.
 */
function recordedIo(deps: RunDeps, recorder: TraceRecorder) {
  const { clock, latency } = deps
  const network = latency ? fetchWithLatency(deps.fetch, clock, latency) : deps.fetch
  const directory =
    deps.directory && (latency ? directoryWithLatency(deps.directory, clock, latency) : deps.directory)
  return {
    // Each try of a retried request is recorded; the back-off passes on the run's clock.
    fetch: retryingFetch(recorder.recordingFetch(network), clock.advance),
    directory: directory && recordingDirectory(directory, recorder.openExchange),
    fileSyncStep: (record: ExchangeRecord) => {
      const file = recorder.openExchange()
      if (latency) clock.advance(latency('aad-connect', record.request))
      file(record)
    },
  }
}

async function finish(
  scenario: Scenario,
  recorder: TraceRecorder,
  snapshot: AnyMachineSnapshot,
  deps: RunDeps,
  story?: string,
): Promise<Trace> {
  Object.assign(recorder.artifacts, await collectArtifacts(snapshot, deps))
  return recorder.finish({
    scenario: scenario.id,
    story,
    afterJoin: scenario.afterJoin,
    snapshot,
    device: dsregStatus(deps.store),
  })
}

async function collectArtifacts(snapshot: AnyMachineSnapshot, deps: RunDeps): Promise<Artifacts> {
  const context = snapshot.context as FlowContext
  const artifacts: Artifacts = {}
  if (context.keys) {
    artifacts.csr = context.keys.csrPem
    artifacts.transportKey = context.keys.transportKey
    artifacts.keyProvider = context.keys.keyProvider
    artifacts.tpmProtected = context.keys.tpmProtected
  }
  if (context.tokens) {
    artifacts.idToken = context.tokens.idToken
    artifacts.accessToken = context.tokens.accessToken
  }
  if (context.join) {
    artifacts.deviceId = context.join.deviceId
    artifacts.deviceCertificate = context.join.certificatePem
    if (deps.caCertificate) artifacts.caCertificate = await deps.caCertificate()
  }
  return artifacts
}
