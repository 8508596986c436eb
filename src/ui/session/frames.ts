import type { StoredCertificate } from '../../device/device-store.ts'
import type { PhaseLetter } from '../../trace/phases.ts'
import type { Exchange, Step } from '../../trace/schema.ts'

/** What `dsregcmd /status` and the Personal store showed at one moment of the run. */
export interface DeviceSnapshot {
  status: Record<string, Record<string, string>>
  certificates: readonly StoredCertificate[]
}

/**
 * One thing that happened, in order: a state entered or an exchange filed. The view is a replay
 * of frames up to a cursor, so every panel can show any earlier moment of the run exactly.
 */
export type Frame =
  | { kind: 'step'; step: Step; device: DeviceSnapshot }
  | { kind: 'exchange'; stepIndex: number; exchange: Exchange; device: DeviceSnapshot }

/** The phases a run's steps have entered so far, and those of them it skipped. */
interface PhasesPassed {
  entered: ReadonlySet<PhaseLetter>
  skipped: ReadonlySet<PhaseLetter>
}

/** The run as it stood at the cursor. */
export interface CursorView {
  /** Steps entered so far, each with the exchanges filed under it so far. */
  steps: Step[]
  /** The phases `steps` entered and skipped, worked out once per run rather than per view. */
  passed: PhasesPassed
  current?: Step
  /** The exchange the cursor stands on, when it stands on one: the arrow to animate. */
  exchange?: Exchange
  device?: DeviceSnapshot
  atEnd: boolean
}

/**
 * The steps of a run's frames laid out once: each step with every exchange filed under it, the
 * frame that enters it, and the frame of each of its exchanges. A view at any cursor is then a
 * prefix of these steps, only those still filling up at the cursor copied, so a step of the cursor
 * through a long trace (a server session, thousands of exchanges) allocates a step or two, not the
 * whole run again, and the steps it shares keep their identity for the panels' memos.
 */
interface StepLayout {
  steps: Step[]
  /** For each step, the frame of its last exchange (or the frame entering it). */
  lastFrame: number[]
  /**
   * For each step, the latest `lastFrame` of it and every step before it: a view looks for steps
   * still filling up only back to where this falls to the cursor, not over the whole run.
   */
  lastFrameSoFar: number[]
  /** For each step, the frame of each of its exchanges, in order. */
  exchangeFrames: number[][]
  /** For each frame, how many steps have been entered by then. */
  enteredBy: number[]
  /**
   * For each step, the phases passed by it and the steps before it: a new object only where a
   * step enters or skips a phase not passed before (a handful per run), shared by the rest.
   */
  passedBy: PhasesPassed[]
}

const NOTHING_PASSED: PhasesPassed = { entered: new Set(), skipped: new Set() }

const layouts = new WeakMap<readonly Frame[], StepLayout>()

function layoutOf(frames: readonly Frame[]): StepLayout {
  const known = layouts.get(frames)
  if (known) return known
  const layout: StepLayout = {
    steps: [],
    lastFrame: [],
    lastFrameSoFar: [],
    exchangeFrames: [],
    enteredBy: [],
    passedBy: [],
  }
  // By index, the first step entered with it: a step index entered again files nothing of its own.
  const byIndex = new Map<number, number>()
  frames.forEach((frame, index) => {
    if (frame.kind === 'step') {
      const position = layout.steps.push({ ...frame.step, exchanges: [] }) - 1
      layout.lastFrame.push(index)
      layout.exchangeFrames.push([])
      if (!byIndex.has(frame.step.index)) byIndex.set(frame.step.index, position)
    } else {
      const position = byIndex.get(frame.stepIndex)
      if (position !== undefined) {
        layout.steps[position]!.exchanges.push(frame.exchange)
        layout.exchangeFrames[position]!.push(index)
        layout.lastFrame[position] = index
      }
    }
    layout.enteredBy.push(layout.steps.length)
  })
  let latest = -1
  for (const last of layout.lastFrame) layout.lastFrameSoFar.push((latest = Math.max(latest, last)))
  let passed = NOTHING_PASSED
  for (const { phase, skipped } of layout.steps) {
    if (!passed.entered.has(phase) || (skipped && !passed.skipped.has(phase)))
      passed = {
        entered: new Set(passed.entered).add(phase),
        skipped: skipped ? new Set(passed.skipped).add(phase) : passed.skipped,
      }
    layout.passedBy.push(passed)
  }
  layouts.set(frames, layout)
  return layout
}

export function viewAt(frames: readonly Frame[], cursor: number): CursorView {
  const last = Math.min(cursor, frames.length - 1)
  const layout = layoutOf(frames)
  const entered = last < 0 ? 0 : layout.enteredBy[last]!
  const steps = layout.steps.slice(0, entered)
  // From the cursor's step back, only as far as a step before may still have exchanges to come.
  for (let position = entered - 1; position >= 0 && layout.lastFrameSoFar[position]! > last; position--) {
    if (layout.lastFrame[position]! <= last) continue
    const filed = layout.exchangeFrames[position]!.filter((frame) => frame <= last).length
    steps[position] = { ...steps[position]!, exchanges: steps[position]!.exchanges.slice(0, filed) }
  }
  const frame = frames[last]
  return {
    steps,
    passed: layout.passedBy[entered - 1] ?? NOTHING_PASSED,
    current: steps.at(-1),
    exchange: frame?.kind === 'exchange' ? frame.exchange : undefined,
    device: frame?.device,
    atEnd: last === frames.length - 1,
  }
}

/** The step a frame belongs to, for breakpoints: entering a phase is a step frame. */
export function stepOf(frame: Frame | undefined): Step | undefined {
  return frame?.kind === 'step' ? frame.step : undefined
}
