import type { AnyMachineSnapshot } from 'xstate'
import { laneForUrl, type Lane } from '../trace/lanes.ts'
import { describeFailure, isJoinErrorCode, type JoinErrorCode, type Outcome } from '../trace/outcome.ts'
import type { PhaseLetter, PhaseMeta } from '../trace/phases.ts'
import { redact } from '../trace/redact.ts'
import type { Artifacts, Exchange, Step, Trace } from '../trace/schema.ts'
import { TRACE_FORMAT, TRACE_VERSION } from '../trace/version.ts'

/** An exchange as a recorder's caller knows it; the recorder gives it its ID and times. */
export type ExchangeRecord = Omit<Exchange, 'id' | 'at' | 'duration'>

/** Files an exchange opened earlier: it started when it was opened and took until now. */
export type FileExchange = (record: ExchangeRecord) => Exchange

/**
 * The one trace recorder, for a machine's run (steps from the machine's states) and for a server
 * session (a step per request): steps in order, exchanges filed under the step that is current,
 * IDs unique in the trace, times on the run's clock (when each exchange started and how long it
 * took), artifacts as they are found.
 */
export class TraceRecorder {
  readonly steps: Step[] = []
  readonly artifacts: Artifacts = {}
  private exchangeCount = 0
  /** Steps handed over by `takeSteps`: numbering carries on after them. */
  private stepsTaken = 0
  private readonly startedAt: number
  /** The phase of the state the machine failed in (its meta's), once it has. */
  private failedPhase?: PhaseLetter
  /** Requests sent and not yet answered, each able to file itself as unanswered. */
  private readonly inFlight = new Set<() => void>()

  private readonly now: () => number
  private readonly onExchange?: (exchange: Exchange, step: Step) => void

  /** `now` is the run's clock; `onExchange` hears of each exchange as it is filed. */
  constructor(now: () => number, onExchange?: (exchange: Exchange, step: Step) => void) {
    this.now = now
    this.onExchange = onExchange
    this.startedAt = now()
  }

  elapsed = (): number => Math.max(0, this.now() - this.startedAt)

  /**
   * Opens an exchange that starts now (or at `started`, on the run's clock, for a request that
   * came in earlier) under the step that is current: file it when its answer is in, and it records
   * when it started and how long it took, both on the run's clock.
   */
  openExchange = (started: number = this.now()): FileExchange => {
    // The initial state's invoke starts before its step is recorded: file that one under step 0.
    const index = Math.max(0, this.steps.length - 1)
    const at = Math.max(0, started - this.startedAt)
    return (record) => {
      const duration = Math.max(0, this.now() - Math.max(started, this.startedAt))
      const exchange: Exchange = { ...record, id: `x${++this.exchangeCount}`, at, duration }
      const step = this.steps[index]
      if (!step) return exchange
      step.exchanges.push(exchange)
      this.onExchange?.(exchange, step)
      return exchange
    }
  }

  /** Files an exchange that took no time of its own (a sync cycle's report) under the current step, now. */
  file: FileExchange = (record) => this.openExchange()(record)

  /**
   * Wraps fetch so every request and its response become an `http` exchange, secrets redacted,
   * timed from the request going out to the whole answer being read. A request that gets no
   * answer (the connection dropped, or the run ended while it waited: the device gave up) is filed
   * with status 0 and an empty response, as HAR records one.
   */
  recordingFetch(inner: typeof fetch, from: Lane = 'device'): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init)
      const open = this.openExchange()
      const sent = {
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers.entries()),
        body: redact(request.body ? await request.clone().text() : ''),
      }
      let filed = false
      const file = (response: Exchange['response']) => {
        if (filed) return
        filed = true
        this.inFlight.delete(unanswered)
        open({ protocol: 'http', from, to: laneForUrl(request.url), request: sent, response })
      }
      const unanswered = () => file({ status: 0, headers: {}, body: '' })
      this.inFlight.add(unanswered)
      let response: Response
      try {
        response = await inner(request)
      } catch (error) {
        unanswered()
        throw error
      }
      const body = await response.clone().text()
      file({ status: response.status, headers: Object.fromEntries(response.headers.entries()), body })
      return response
    }
  }

  /** Adds a step that no machine state stands for (server mode: one per request a client made, from when it came in). */
  addStep(step: Omit<Step, 'index' | 'at' | 'exchanges'>, started: number = this.now()): Step {
    const at = Math.max(0, started - this.startedAt)
    const added: Step = { ...step, index: this.stepsTaken + this.steps.length, at, exchanges: [] }
    this.steps.push(added)
    return added
  }

  /**
   * Hands over the steps recorded so far and forgets them, numbering carrying on: a server session
   * writes each step out as it is made, so its memory does not grow with the session.
   */
  takeSteps(): Step[] {
    const taken = this.steps.splice(0)
    this.stepsTaken += taken.length
    return taken
  }

  /** Records the snapshot's state as a step, unless it is the state already recorded last. */
  observe(snapshot: AnyMachineSnapshot): Step | undefined {
    const state = statePath(snapshot)
    // A run that ended (a deadline passed while a request waited) answers nothing late into the trace.
    if (snapshot.status === 'done') for (const unanswered of [...this.inFlight]) unanswered()
    if (this.steps.at(-1)?.state === state) return undefined
    const step = this.stepFor(snapshot, state)
    this.steps.push(step)
    return step
  }

  private stepFor(snapshot: AnyMachineSnapshot, state: string): Step {
    const base = { index: this.stepsTaken + this.steps.length, state, at: this.elapsed(), exchanges: [] }
    if (snapshot.hasTag('failure')) {
      const code = isJoinErrorCode(state) ? state : 'UNEXPECTED'
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
      ...(meta?.skipped ? { skipped: true as const } : {}),
      ...(meta?.prompt ? { prompt: meta.prompt } : {}),
    }
  }

  /** The trace so far, ending as `outcome` says (a failure's message and phase with it). */
  trace(params: {
    scenario: Trace['scenario']
    story?: string
    afterJoin?: boolean
    outcome: Outcome
    message?: string
    device?: Trace['device']
  }): Trace {
    const { outcome } = params
    const failed = outcome !== 'registered' && outcome !== 'pending'
    return {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      scenario: params.scenario,
      ...(params.story ? { story: params.story } : {}),
      ...(params.afterJoin ? { afterJoin: true as const } : {}),
      startedAt: new Date(this.startedAt).toISOString(),
      outcome,
      ...(failed
        ? {
            failure: {
              code: outcome,
              message: params.message ?? describeFailure(outcome),
              ...(this.failedPhase ? { phase: this.failedPhase } : {}),
            },
          }
        : {}),
      steps: this.steps,
      artifacts: this.artifacts,
      ...(params.device ? { device: params.device } : {}),
    }
  }

  /** The finished trace of a machine's run, from its final snapshot. */
  finish(params: {
    scenario: Trace['scenario']
    story?: string
    afterJoin?: boolean
    snapshot: AnyMachineSnapshot
    device: Record<string, Record<string, string>>
  }): Trace {
    const state = statePath(params.snapshot)
    const error = (params.snapshot.context as { error?: { code: JoinErrorCode; message: string } }).error
    const outcome: Outcome =
      state === 'registered' ? 'registered' : isJoinErrorCode(state) ? state : (error?.code ?? 'UNEXPECTED')
    return this.trace({ ...params, outcome, message: error?.message })
  }
}

/** `signingIn.awaitingPassword` for a nested state, `registered` for a top-level one. */
function statePath(snapshot: AnyMachineSnapshot): string {
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
