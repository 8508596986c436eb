import type { StoredCertificate } from '../../device/device-store.ts'
import type { Trace } from '../../trace/schema.ts'
import type { DeviceSnapshot, Frame } from './frames.ts'

const BEFORE: DeviceSnapshot = { status: {}, certificates: [] }

/**
 * A recorded trace as frames, in the order they happened: each step, then the exchanges filed
 * under it. Replay needs no network and no keys. A trace holds the device's state only at the end,
 * so earlier frames show an empty device panel and the last one shows the final state.
 */
export function framesFromTrace(trace: Trace, certificates: readonly StoredCertificate[] = []): Frame[] {
  const frames: Frame[] = []
  for (const step of trace.steps) {
    frames.push({ kind: 'step', step: { ...step, exchanges: [] }, device: BEFORE })
    for (const exchange of step.exchanges)
      frames.push({ kind: 'exchange', stepIndex: step.index, exchange, device: BEFORE })
  }
  const last = frames.at(-1)
  if (last) frames[frames.length - 1] = { ...last, device: { status: trace.device ?? {}, certificates } }
  return frames
}

/** The frame index a step's deep link opens: the last frame of that step, its exchanges shown. */
export function cursorForStep(frames: readonly Frame[], stepIndex: number): number {
  let cursor = -1
  frames.forEach((frame, index) => {
    const owner = frame.kind === 'step' ? frame.step.index : frame.stepIndex
    if (owner <= stepIndex) cursor = index
  })
  return cursor
}
