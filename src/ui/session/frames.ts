import type { StoredCertificate } from '../../device/device-store.ts'
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

/** The run as it stood at the cursor. */
export interface CursorView {
  /** Steps entered so far, each with the exchanges filed under it so far. */
  steps: Step[]
  current?: Step
  /** The exchange the cursor stands on, when it stands on one: the arrow to animate. */
  exchange?: Exchange
  device?: DeviceSnapshot
  atEnd: boolean
}

export function viewAt(frames: readonly Frame[], cursor: number): CursorView {
  const steps: Step[] = []
  // By index: a long trace (a server session, thousands of exchanges) is replayed on every step.
  const byIndex = new Map<number, Step>()
  const last = Math.min(cursor, frames.length - 1)
  for (let index = 0; index <= last; index++) {
    const frame = frames[index]!
    if (frame.kind === 'step') {
      const step = { ...frame.step, exchanges: [] }
      steps.push(step)
      if (!byIndex.has(step.index)) byIndex.set(step.index, step)
    } else byIndex.get(frame.stepIndex)?.exchanges.push(frame.exchange)
  }
  const frame = frames[last]
  return {
    steps,
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
