import type { FlowEvent } from '../../../machines/setup.ts'
import { SCENARIOS } from '../../../machines/index.ts'
import { STORIES } from '../../stories/catalogue.ts'
import type { Story } from '../../stories/story.ts'
import type { PhaseLetter, ScenarioId } from '../../trace/phases.ts'
import type { Trace } from '../../trace/schema.ts'
import type { EmulatedServices } from '../emulated-services.ts'
import type { Frame } from './frames.ts'
import { cursorForStep, framesFromTrace } from './trace-frames.ts'
import { loadRecording } from '../../stories/recordings.ts'
import {
  startLiveRun,
  type KeyChoice,
  type LiveRun,
  type PromptContext,
  type RunInspector,
} from './live-run.ts'
import { advanceTarget, hitsBreakpoint, SPEEDS, type Speed } from './playback.ts'

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

export interface TracerState {
  scenarioId: ScenarioId
  storyId: string
  keys: KeyChoice
  run: RunState
  /** Index into `run.frames` of what the page shows; -1 before the first frame. */
  cursor: number
  playing: boolean
  speed: Speed
  breakpoints: ReadonlySet<PhaseLetter>
  selection?: Selection
  /** Keys made in the forge worker during this page's life. */
  keygenWorkerJobs: number
  /** Stately's inspector is connected: runs started from now on send it every event. */
  statelyOn: boolean
}

const IDLE_RUN: RunState = { status: 'idle', frames: [], waiting: false }

export function storiesOf(scenarioId: ScenarioId): Story[] {
  return STORIES.filter((story) => story.scenario === scenarioId)
}

/**
 * The page's one source of truth: the choices, the live run's frames, and the playback cursor.
 * The machine runs ahead at its own pace; the cursor replays its frames at the chosen speed.
 * Components read it through useSyncExternalStore; every change replaces the state object.
 */
export class TracerStore {
  private state: TracerState
  private readonly listeners = new Set<() => void>()
  private readonly services: EmulatedServices
  private live?: LiveRun
  private generation = 0
  private timer?: ReturnType<typeof setTimeout>
  private inspector?: RunInspector

  constructor(services: EmulatedServices) {
    this.services = services
    const story = storiesOf(SCENARIOS[0]!.id)[0]!
    this.state = {
      scenarioId: story.scenario,
      storyId: story.id,
      keys: story.keyProvider,
      run: IDLE_RUN,
      cursor: -1,
      playing: false,
      speed: 'normal',
      breakpoints: new Set(),
      keygenWorkerJobs: 0,
      statelyOn: false,
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): TracerState => this.state

  story(): Story {
    return STORIES.find((story) => story.id === this.state.storyId)!
  }

  private set(patch: Partial<TracerState>): void {
    const next = { ...this.state, ...patch }
    const { run, cursor } = next
    // The end of a finished run: mark it shown, and stop playing, as there is nothing left to play.
    if (run.status === 'done' && cursor === run.frames.length - 1) {
      next.playing = false
      if (!run.shownEnd) next.run = { ...run, shownEnd: true }
    }
    this.state = next
    this.listeners.forEach((listener) => listener())
  }

  private setRun(patch: Partial<RunState>): void {
    this.set({ run: { ...this.state.run, ...patch } })
  }

  chooseScenario = (scenarioId: ScenarioId): void => {
    const story = storiesOf(scenarioId)[0]
    if (story) this.set({ scenarioId, storyId: story.id, keys: story.keyProvider })
  }

  chooseStory = (storyId: string): void => {
    const story = STORIES.find((candidate) => candidate.id === storyId)
    if (story) this.set({ storyId, keys: story.keyProvider })
  }

  chooseKeys = (keys: KeyChoice): void => this.set({ keys })

  /** Starts (or restarts) the chosen story. Earlier runs are stopped and their late events ignored. */
  start = async (): Promise<void> => {
    this.live?.stop()
    this.clearTimer()
    const generation = ++this.generation
    const current = () => generation === this.generation
    this.set({
      run: { ...IDLE_RUN, status: 'running', origin: 'live' },
      cursor: -1,
      playing: true,
      selection: undefined,
    })
    try {
      this.live = await startLiveRun(
        this.story(),
        this.state.keys,
        this.services,
        {
          frame: (frame) => current() && this.addFrame(frame),
          context: (context) => current() && this.setRun(context),
          done: (trace) => current() && this.finish(trace),
          failed: (error) => current() && this.setRun({ status: 'done', error: String(error) }),
          keygenJob: () => this.set({ keygenWorkerJobs: this.state.keygenWorkerJobs + 1 }),
        },
        this.inspector,
      )
    } catch (error) {
      if (current())
        this.setRun({ status: 'done', error: error instanceof Error ? error.message : String(error) })
    }
  }

  /**
   * Replays a finished trace: no network, no keys, the same frames every time. The cursor starts
   * at `step` when given (a deep link), paused there; otherwise it plays from the start.
   */
  /** Shows a server session's trace as it grows: the cursor stays on its newest request. */
  follow = (trace: Trace): void => {
    const frames = framesFromTrace(trace)
    this.replay(trace, 'server')
    this.pause()
    this.set({ cursor: frames.length - 1 })
  }

  replay = (trace: Trace, origin: 'recording' | 'file' | 'server', step?: number): void => {
    this.live?.stop()
    this.clearTimer()
    this.generation++
    const story = STORIES.find((candidate) => candidate.id === trace.story)
    const frames = framesFromTrace(trace)
    const cursor = step === undefined ? -1 : cursorForStep(frames, step)
    this.set({
      scenarioId: scenarioOf(trace),
      ...(story ? { storyId: story.id, keys: story.keyProvider } : {}),
      run: { status: 'done', frames, trace, waiting: false, origin },
      cursor,
      playing: step === undefined,
      selection: undefined,
    })
    this.pump()
  }

  /** Opens a story as a deep link asks: its recording at a step, or a fresh live run. */
  openStory = async (
    storyId: string,
    mode: 'replay' | 'live',
    step?: number,
  ): Promise<string | undefined> => {
    const story = STORIES.find((candidate) => candidate.id === storyId)
    if (!story) return `There is no story "${storyId}".`
    this.chooseScenario(story.scenario)
    this.chooseStory(story.id)
    if (mode === 'live') return void (await this.start())
    const trace = await loadRecording(story.id).catch((error: unknown) => error)
    if (trace instanceof Error || trace === undefined)
      return `The story "${storyId}" has no usable recording${trace ? `: ${trace.message}` : ''}.`
    this.replay(trace as Trace, 'recording', step)
    return undefined
  }

  send = (event: FlowEvent): void => {
    this.live?.send(event)
    this.set({ playing: true })
    this.pump()
  }

  play = (): void => {
    this.set({ playing: true })
    this.pump()
  }

  pause = (): void => {
    this.clearTimer()
    this.set({ playing: false })
  }

  togglePlay = (): void => (this.state.playing ? this.pause() : this.play())

  stepForward = (): void => {
    this.pause()
    if (this.state.cursor < this.state.run.frames.length - 1) this.set({ cursor: this.state.cursor + 1 })
  }

  stepBack = (): void => {
    this.pause()
    if (this.state.cursor > 0) this.set({ cursor: this.state.cursor - 1 })
  }

  setSpeed = (speed: Speed): void => {
    this.clearTimer()
    this.set({ speed })
    this.pump()
  }

  toggleBreakpoint = (phase: PhaseLetter): void => {
    const breakpoints = new Set(this.state.breakpoints)
    if (!breakpoints.delete(phase)) breakpoints.add(phase)
    this.set({ breakpoints })
  }

  /** Connects (or disconnects) an inspector for the runs started after this. */
  useInspector = (inspector: RunInspector | undefined): void => {
    this.inspector = inspector
    this.set({ statelyOn: Boolean(inspector) })
  }

  select = (selection: Selection | undefined): void => this.set({ selection })

  private addFrame(frame: Frame): void {
    this.setRun({ frames: [...this.state.run.frames, frame] })
    this.pump()
  }

  private finish(trace: Trace): void {
    this.setRun({ status: 'done', trace, waiting: false })
    this.pump()
  }

  /** Moves the cursor on while playing: one frame per tick, or straight to the target at instant speed. */
  private pump(): void {
    const { playing, cursor, speed, breakpoints, run } = this.state
    if (!playing || this.timer || cursor >= run.frames.length - 1) return
    if (speed === 'instant') return this.moveTo(advanceTarget(run.frames, cursor, breakpoints))
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.moveTo(this.state.cursor + 1)
      this.pump()
    }, SPEEDS[speed])
  }

  private moveTo(cursor: number): void {
    const paused = hitsBreakpoint(this.state.run.frames, cursor, this.state.breakpoints)
    this.set({ cursor, ...(paused ? { playing: false } : {}) })
  }

  private clearTimer(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }
}

/** The flow whose lanes a trace is drawn on; a server session borrows the cloud flow that fits it. */
function scenarioOf(trace: Trace): ScenarioId {
  if (trace.scenario !== 'server-session') return trace.scenario
  return trace.steps.some((step) => step.exchanges.some((exchange) => exchange.to === 'adfs'))
    ? 'aadj-federated'
    : 'aadj-managed'
}
