import type { FlowEvent } from '../../../machines/setup.ts'
import { findScenario, SCENARIOS } from '../../../machines/index.ts'
import { STORIES } from '../../stories/catalogue.ts'
import { storyAsChosen, type Story } from '../../stories/story.ts'
import type { PhaseLetter, ScenarioId } from '../../trace/phases.ts'
import type { Trace } from '../../trace/schema.ts'
import type { EmulatedServices } from '../emulated-services.ts'
import type { Frame } from './frames.ts'
import { cursorForStep, framesFromTrace } from './trace-frames.ts'
import { loadRecording } from '../../stories/recordings.ts'
import type { KeyChoice, LiveRun, LiveRunOptions, PromptContext, RunInspector } from './live-run.ts'
import { whatIfPoint } from './what-if.ts'
import {
  INITIAL_PLAYBACK,
  reducePlayback,
  tickDelay,
  type Playback,
  type PlaybackEvent,
  type Speed,
} from './playback.ts'

/** The timers playback ticks on, injected so that tests (and only the page's wiring) pick them. */
export interface PlaybackTimers {
  set: (callback: () => void, ms: number) => unknown
  clear: (handle: unknown) => void
}

export interface RunState extends PromptContext {
  status: 'idle' | 'running' | 'done'
  frames: readonly Frame[]
  trace?: Trace
  error?: string
  /** The cursor has reached the last frame of a finished run: the page has shown its outcome. */
  shownEnd?: boolean
  /** Where the frames came from: a live run, a story's recording, or a trace file someone opened. */
  origin?: 'live' | 'recording' | 'file' | 'server'
}

export type Selection = { kind: 'exchange'; id: string } | { kind: 'artifacts' }

/**
 * A what-if: the run replayed with a fault armed at one exchange, and the run it came from, kept
 * to compare. `showing` says which of the two is `run` on screen; the other waits in `other`.
 */
export interface WhatIf {
  fault: string
  showing: 'fault' | 'original'
  other: { run: RunState; cursor: number }
}

/** The page's state; the playback fields (cursor, playing, speed, breakpoints) change only through `reducePlayback`. */
export interface TracerState extends Playback {
  scenarioId: ScenarioId
  storyId: string
  keys: KeyChoice
  /**
   * The cloud flow goes on after the join (first sign-in's PRT, Windows Hello key): the run option
   * for the next live run, or what the trace on screen did.
   */
  afterJoin: boolean
  run: RunState
  selection?: Selection
  /** Keys made in the forge worker during this page's life. */
  keygenWorkerJobs: number
  /** Stately's inspector is connected: runs started from now on send it every event. */
  statelyOn: boolean
  whatIf?: WhatIf
}

const IDLE_RUN: RunState = { status: 'idle', frames: [], waiting: false }

export function storiesOf(scenarioId: ScenarioId): Story[] {
  return STORIES.filter((story) => story.scenario === scenarioId)
}

/**
 * The page's one source of truth: the choices, the live run's frames, and the playback cursor.
 * The machine runs ahead at its own pace; the cursor replays its frames at the chosen speed. The
 * cursor's rules live in `reducePlayback`; this class only wires it to the run and the timers.
 * Components read it through useSyncExternalStore; every change replaces the state object.
 */
export class TracerStore {
  private state: TracerState
  private readonly listeners = new Set<() => void>()
  private readonly services: EmulatedServices
  private live?: LiveRun
  private generation = 0
  private timer?: unknown
  private readonly timers: PlaybackTimers
  private inspector?: RunInspector
  /** What the user answered in the live run, in order: a what-if replays it. */
  private answered: FlowEvent[] = []
  /** A what-if run catches up to where the original was paused, then plays on from there. */
  private resumeAt?: number

  constructor(services: EmulatedServices, timers: PlaybackTimers) {
    this.services = services
    this.timers = timers
    const story = storiesOf(SCENARIOS[0]!.id)[0]!
    this.state = {
      scenarioId: story.scenario,
      storyId: story.id,
      keys: story.keyProvider,
      afterJoin: Boolean(story.afterJoin),
      run: IDLE_RUN,
      ...INITIAL_PLAYBACK,
      keygenWorkerJobs: 0,
      statelyOn: false,
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): TracerState => this.state

  /** The chosen story as the next run plays it: on past the join when the option is on and its flow can. */
  story(): Story {
    const story = STORIES.find((candidate) => candidate.id === this.state.storyId)!
    return storyAsChosen(story, this.state.afterJoin && findScenario(story.scenario, true) !== undefined)
  }

  private set(patch: Partial<TracerState>): void {
    const next = { ...this.state, ...patch }
    const { run, cursor } = next
    // The end of a finished run: the page has shown its outcome.
    if (run.status === 'done' && cursor === run.frames.length - 1 && !run.shownEnd)
      next.run = { ...run, shownEnd: true }
    this.state = next
    this.listeners.forEach((listener) => listener())
  }

  /** Playback's one way in: the reducer decides, then the timer is (re)armed for the next tick. */
  private dispatch(event: PlaybackEvent, patch: Partial<TracerState> = {}): void {
    const base = { ...this.state, ...patch }
    const playback = reducePlayback(base, event, runOf(base))
    const { cursor, playing, speed, breakpoints } = playback
    this.set({ ...patch, cursor, playing, speed, breakpoints })
    if (event.type === 'speed' || event.type === 'seek') this.clearTimer()
    this.arm()
  }

  private arm(): void {
    const delay = tickDelay(this.state, runOf(this.state))
    if (delay === undefined) return this.clearTimer()
    if (this.timer !== undefined) return
    this.timer = this.timers.set(() => {
      this.timer = undefined
      this.dispatch({ type: 'tick' })
    }, delay)
  }

  chooseScenario = (scenarioId: ScenarioId): void => {
    const story = storiesOf(scenarioId)[0]
    if (story)
      this.set({
        scenarioId,
        storyId: story.id,
        keys: story.keyProvider,
        afterJoin: Boolean(story.afterJoin),
      })
  }

  chooseStory = (storyId: string): void => {
    const story = STORIES.find((candidate) => candidate.id === storyId)
    if (story) this.set({ storyId, keys: story.keyProvider, afterJoin: Boolean(story.afterJoin) })
  }

  chooseKeys = (keys: KeyChoice): void => this.set({ keys })

  /** The run option: go on after the join (cloud flows), or stop at registration. */
  chooseAfterJoin = (afterJoin: boolean): void => this.set({ afterJoin })

  /** Starts (or restarts) the chosen story. Earlier runs are stopped and their late events ignored. */
  start = async (): Promise<void> => {
    this.answered = []
    this.resumeAt = undefined
    await this.startLive({}, { whatIf: undefined })
  }

  /**
   * What if the next exchange failed? Replays the run on screen (a live run or a story's
   * recording) with the fault armed from that exchange on, answering the prompts as before; it
   * catches up to the paused frame and plays on. The original stays, to switch back to.
   */
  whatIf = async (faultName: string): Promise<void> => {
    const { run, cursor, whatIf } = this.state
    if (whatIf?.showing === 'original') return // compare from the original: switch back to the faulted run first
    const base = whatIf ? whatIf.other : { run, cursor }
    const point = whatIfPoint(run.frames, cursor, this.state.scenarioId)
    const fault = point?.faults.find((candidate) => candidate.name === faultName)
    if (!point || !fault || (run.origin !== 'live' && run.origin !== 'recording')) return
    const answers: LiveRunOptions['answers'] =
      run.origin === 'live' ? { events: [...this.answered] } : { story: true }
    this.resumeAt = cursor
    await this.startLive(
      { faults: [{ fault, from: point.from }], answers },
      { whatIf: { fault: fault.name, showing: 'fault', other: base } },
    )
  }

  /** Shows the original run or the one with the fault; each keeps its own cursor. */
  compare = (showing: WhatIf['showing']): void => {
    const whatIf = this.state.whatIf
    if (!whatIf || whatIf.showing === showing) return
    this.clearTimer()
    this.set({
      run: whatIf.other.run,
      cursor: whatIf.other.cursor,
      playing: false,
      selection: undefined,
      whatIf: { ...whatIf, showing, other: { run: this.state.run, cursor: this.state.cursor } },
    })
  }

  private async startLive(options: LiveRunOptions, patch: Partial<TracerState>): Promise<void> {
    this.live?.stop()
    this.clearTimer()
    const generation = ++this.generation
    const current = () => generation === this.generation
    this.dispatch(
      { type: 'seek', cursor: -1, playing: true },
      { run: { ...IDLE_RUN, status: 'running', origin: 'live' }, selection: undefined, ...patch },
    )
    try {
      // The live-run module (the machines, the engine) is not part of the first screen.
      const { startLiveRun } = await import('./live-run.ts')
      const live = await startLiveRun(
        this.story(),
        this.state.keys,
        this.services,
        {
          frame: (frame) => current() && this.addFrame(frame),
          context: (context) => current() && this.updateLive((run) => ({ ...run, ...context })),
          done: (trace) => current() && this.finish(trace),
          failed: (error) => current() && this.fail(String(error)),
          keygenJob: () => this.set({ keygenWorkerJobs: this.state.keygenWorkerJobs + 1 }),
        },
        this.inspector,
        options,
      )
      // A newer run (or a replay) took over while this one was loading: it must not run on unseen.
      if (current()) this.live = live
      else live.stop()
    } catch (error) {
      if (current()) this.fail(error instanceof Error ? error.message : String(error))
    }
  }

  /** Shows a server session's trace as it grows: the cursor stays on its newest request. */
  follow = (trace: Trace): void => this.replay(trace, 'server', { frame: Number.MAX_SAFE_INTEGER })

  /**
   * Replays a finished trace: no network, no keys, the same frames every time. The cursor starts
   * at `at` when given (a deep link's frame, or an old link's step), paused there; otherwise it
   * plays from the start.
   */
  replay = (trace: Trace, origin: 'recording' | 'file' | 'server', at?: FramePosition): void => {
    this.live?.stop()
    this.resumeAt = undefined
    this.clearTimer()
    this.generation++
    const story = STORIES.find((candidate) => candidate.id === trace.story)
    const frames = framesFromTrace(trace)
    this.dispatch(
      at === undefined
        ? { type: 'seek', cursor: -1, playing: true }
        : { type: 'seek', cursor: cursorAt(frames, at), playing: false },
      {
        scenarioId: scenarioOf(trace),
        afterJoin: trace.afterJoin === true,
        ...(story ? { storyId: story.id, keys: story.keyProvider } : {}),
        run: { status: 'done', frames, trace, waiting: false, origin },
        selection: undefined,
        whatIf: undefined,
      },
    )
  }

  /** Opens a story as a deep link asks: its recording at a step, or a fresh live run. */
  openStory = async (
    storyId: string,
    mode: 'replay' | 'live',
    at?: FramePosition,
  ): Promise<string | undefined> => {
    const story = STORIES.find((candidate) => candidate.id === storyId)
    if (!story) return `There is no story "${storyId}".`
    this.chooseScenario(story.scenario)
    this.chooseStory(story.id)
    if (mode === 'live') return void (await this.start())
    const trace = await loadRecording(story.id).catch((error: unknown) => error)
    if (trace instanceof Error || trace === undefined) {
      this.clear()
      return `The story "${storyId}" has no usable recording${trace ? `: ${trace.message}` : ''}.`
    }
    this.replay(trace as Trace, 'recording', at)
    return undefined
  }

  /** Drops whatever run is on screen, so nothing of it stays under a new problem or timeline. */
  private clear(): void {
    this.live?.stop()
    this.generation++
    this.dispatch(
      { type: 'seek', cursor: -1, playing: false },
      { run: IDLE_RUN, selection: undefined, whatIf: undefined },
    )
  }

  send = (event: FlowEvent): void => {
    // The original of a what-if is a record to compare with: the live run is the faulted one.
    if (this.state.whatIf?.showing === 'original') return
    this.answered.push(event)
    this.live?.send(event)
    this.dispatch({ type: 'play' })
  }

  play = (): void => this.dispatch({ type: 'play' })
  pause = (): void => this.dispatch({ type: 'pause' })
  /** As the Play button does: nothing before a run has started (the button is disabled then). */
  togglePlay = (): void => {
    if (this.state.run.status !== 'idle') this.dispatch({ type: 'toggle' })
  }
  stepForward = (): void => this.dispatch({ type: 'step-forward' })
  stepBack = (): void => this.dispatch({ type: 'step-back' })
  firstFrame = (): void => this.dispatch({ type: 'seek', cursor: 0, playing: false })
  lastFrame = (): void =>
    this.dispatch({ type: 'seek', cursor: this.state.run.frames.length - 1, playing: false })
  setSpeed = (speed: Speed): void => this.dispatch({ type: 'speed', speed })
  toggleBreakpoint = (phase: PhaseLetter): void => this.dispatch({ type: 'breakpoint', phase })

  /** Connects (or disconnects) an inspector for the runs started after this. */
  useInspector = (inspector: RunInspector | undefined): void => {
    this.inspector = inspector
    this.set({ statelyOn: Boolean(inspector) })
  }

  select = (selection: Selection | undefined): void => this.set({ selection })

  private addFrame(frame: Frame): void {
    this.updateLive((run) => ({ ...run, frames: [...run.frames, frame] }))
    // A what-if catches up to the frame the original was paused at, then plays on at its speed.
    const { resumeAt } = this
    if (resumeAt === undefined || this.state.whatIf?.showing !== 'fault') return
    if (this.state.cursor >= resumeAt) return void (this.resumeAt = undefined)
    this.dispatch({ type: 'seek', cursor: resumeAt, playing: true })
  }

  private finish(trace: Trace): void {
    this.updateLive((run) => ({ ...run, status: 'done', trace, waiting: false }))
  }

  private fail(error: string): void {
    this.updateLive((run) => ({ ...run, status: 'done', error }))
  }

  /** Changes the live run wherever it is: on screen, or set aside while the original is shown. */
  private updateLive(change: (run: RunState) => RunState): void {
    const whatIf = this.state.whatIf
    if (whatIf?.showing === 'original') {
      const other = { ...whatIf.other, run: change(whatIf.other.run) }
      return this.set({ whatIf: { ...whatIf, other } })
    }
    this.dispatch({ type: 'frames' }, { run: change(this.state.run) })
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer)
    this.timer = undefined
  }
}

/** Where a replay opens: a frame of the page's counter (1-based), or an old link's step index. */
export type FramePosition = { frame: number } | { step: number }

function cursorAt(frames: readonly Frame[], at: FramePosition): number {
  if ('step' in at) return cursorForStep(frames, at.step)
  return Math.min(at.frame, frames.length) - 1
}

function runOf(state: TracerState): { frames: readonly Frame[]; finished: boolean } {
  return { frames: state.run.frames, finished: state.run.status === 'done' }
}

/** The flow whose lanes a trace is drawn on; a server session borrows the cloud flow that fits it. */
function scenarioOf(trace: Trace): ScenarioId {
  if (trace.scenario !== 'server-session') return trace.scenario
  return trace.steps.some((step) => step.exchanges.some((exchange) => exchange.to === 'adfs'))
    ? 'aadj-federated'
    : 'aadj-managed'
}
