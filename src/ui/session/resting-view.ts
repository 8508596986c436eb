import type { CursorView } from './frames.ts'

/**
 * Animation frames the cursor must stay put before the panels that explain a moment follow it:
 * one frame is not enough, since a step made in an animation frame (a key held down, the
 * benchmark's one step per frame) would have the next frame's callback see no move yet. Two
 * frames is about 33 ms: a trainer stepping with → sees those panels follow at once; a key held
 * down moves only the cursor's own views until it is let go. Our choice.
 */
const REST_FRAMES = 2

/**
 * The cursor's view as it was once the cursor last rested: what the slower panels (payload
 * inspector, device panel, state view) draw. Each of them re-lays out a whole panel of text per
 * move; drawing them only when the cursor rests keeps a step to the views that show the move.
 */
export class RestingView {
  private shown: CursorView
  private seen: CursorView
  private pending: number | undefined
  private readonly listeners = new Set<() => void>()
  /** What waits for the cursor to rest (see `whenRested`). */
  private waiting: Array<() => void> = []
  private readonly latest: () => CursorView

  constructor(latest: () => CursorView, follow: (listener: () => void) => () => void) {
    this.latest = latest
    this.shown = this.seen = latest()
    follow(() => this.moved())
  }

  get = (): CursorView => this.shown

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Runs `callback` now if the cursor is at rest, else once it rests: for work a panel is handed
   * while the cursor moves (a worker's answer) that would otherwise draw in the frames of the move.
   */
  whenRested = (callback: () => void): void => {
    if (this.pending === undefined) callback()
    else this.waiting.push(callback)
  }

  /** Every store change: a new view restarts the wait; any other change leaves it running. */
  private moved(): void {
    const view = this.latest()
    if (view === this.seen) return
    this.seen = view
    if (this.pending !== undefined) cancelAnimationFrame(this.pending)
    this.pending = undefined
    // Without animation frames (a page in the background, tests outside a browser) it follows at once.
    if (typeof requestAnimationFrame !== 'function' || document.hidden) return this.show()
    this.wait(REST_FRAMES)
  }

  private wait(frames: number): void {
    this.pending = requestAnimationFrame(() => (frames > 1 ? this.wait(frames - 1) : this.show()))
  }

  private show(): void {
    this.pending = undefined
    const waiting = this.waiting
    this.waiting = []
    if (this.shown !== this.seen) {
      this.shown = this.seen
      for (const listener of this.listeners) listener()
    }
    for (const callback of waiting) callback()
  }
}
