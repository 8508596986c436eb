import type { AnyMachineSnapshot } from 'xstate'
import { describeFailure, isJoinErrorCode, type JoinErrorCode } from '../trace/outcome.ts'
import type { PhaseMeta, ScenarioId } from '../trace/phases.ts'
import {
  TRACE_FORMAT,
  TRACE_VERSION,
  type Artifacts,
  type Exchange,
  type Step,
  type Trace,
} from '../trace/schema.ts'

/** Builds the trace as the run goes: a step per state entered, exchanges filed under their step. */
export class TraceRecorder {
  readonly steps: Step[] = []
  private exchangeCount = 0
  /** The phase of the state the machine failed in (its meta's), once it has. */
  private failedPhase?: PhaseMeta['phase']
  private readonly startedAt: number
  private readonly clock: () => number

  private readonly onExchange?: (exchange: Exchange, step: Step) => void

  constructor(clock: () => number, onExchange?: (exchange: Exchange, step: Step) => void) {
    this.clock = clock
    this.startedAt = clock()
    this.onExchange = onExchange
  }

  elapsed = (): number => Math.max(0, this.clock() - this.startedAt)
  nextExchangeId = (): string => `x${++this.exchangeCount}`

  /** Where an exchange starting now belongs: the step that is current when the request goes out. */
  openExchange = (): ((exchange: Exchange) => void) => {
    // The initial state's invoke starts before its step is recorded: file that one under step 0.
    const index = Math.max(0, this.steps.length - 1)
    return (exchange) => {
      const step = this.steps[index]
      if (!step) return
      step.exchanges.push(exchange)
      this.onExchange?.(exchange, step)
    }
  }

  /** Records the snapshot's state as a step, unless it is the state already recorded last. */
  observe(snapshot: AnyMachineSnapshot): Step | undefined {
    const state = statePath(snapshot)
    if (this.steps.at(-1)?.state === state) return undefined
    const step = this.stepFor(snapshot, state)
    this.steps.push(step)
    return step
  }

  private stepFor(snapshot: AnyMachineSnapshot, state: string): Step {
    const base = { index: this.steps.length, state, at: this.elapsed(), exchanges: [] }
    if (snapshot.hasTag('failure')) {
      const code = (isJoinErrorCode(state) ? state : 'UNEXPECTED') as JoinErrorCode
      // A failure state has no phase of its own: it failed in the phase of the state it left.
      const phase = this.steps.at(-1)?.phase ?? 'A'
      this.failedPhase = phase
      const message = (snapshot.context as { error?: { message?: string } }).error?.message
      return {
        ...base,
        phase,
        title: `Failed: ${code}`,
        narration: message ? `${describeFailure(code)} ${message}` : describeFailure(code),
      }
    }
    const meta = deepestMeta(snapshot)
    return {
      ...base,
      phase: meta?.phase ?? this.steps.at(-1)?.phase ?? 'A',
      title: meta?.title ?? state,
      narration: meta?.narration ?? '',
      ...(meta?.skipped ? { skipped: true } : {}),
      ...(meta?.prompt ? { prompt: meta.prompt } : {}),
    }
  }

  /** Appends an exchange made outside any request (LDAP, a sync cycle) to the current step. */
  file(exchange: Omit<Exchange, 'id' | 'at'>): void {
    this.openExchange()({ ...exchange, id: this.nextExchangeId(), at: this.elapsed() })
  }

  finish(params: {
    scenario: ScenarioId
    story?: string
    snapshot: AnyMachineSnapshot
    artifacts: Artifacts
    device: Record<string, Record<string, string>>
  }): Trace {
    const { snapshot } = params
    const state = statePath(snapshot)
    const registered = state === 'registered'
    const error = (snapshot.context as { error?: { code: JoinErrorCode; message: string } }).error
    const code: JoinErrorCode = registered
      ? 'UNEXPECTED'
      : isJoinErrorCode(state)
        ? state
        : (error?.code ?? 'UNEXPECTED')
    const failedPhase = this.failedPhase
    return {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      scenario: params.scenario,
      ...(params.story ? { story: params.story } : {}),
      startedAt: new Date(this.startedAt).toISOString(),
      outcome: registered ? 'registered' : code,
      ...(registered
        ? {}
        : {
            failure: {
              code,
              message: error?.message ?? describeFailure(code),
              ...(failedPhase ? { phase: failedPhase } : {}),
            },
          }),
      steps: this.steps,
      artifacts: params.artifacts,
      device: params.device,
    }
  }
}

/** `signingIn.awaitingPassword` for a nested state, `registered` for a top-level one. */
export function statePath(snapshot: AnyMachineSnapshot): string {
  const walk = (value: unknown): string[] => {
    if (typeof value === 'string') return [value]
    const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? []
    return key ? [key, ...walk(inner)] : []
  }
  return walk(snapshot.value).join('.')
}

function deepestMeta(snapshot: AnyMachineSnapshot): PhaseMeta | undefined {
  const entries = Object.entries(snapshot.getMeta() as Record<string, PhaseMeta | undefined>).filter(
    ([, meta]) => meta?.phase,
  )
  entries.sort(([a], [b]) => b.split('.').length - a.split('.').length)
  return entries[0]?.[1]
}
