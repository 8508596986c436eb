import type { CursorView } from './frames.ts'

/**
 * The cursor's view for a panel that may hold the one it last drew: while held, a step of the
 * cursor notifies nothing and the panel does no work at all; let go, it takes the cursor's view at
 * once. An external store (what useSyncExternalStore reads), so the panel's render stays pure:
 * whether it holds is set from an effect, after the render that decided it.
 */
export class HeldView {
  private held: CursorView | undefined
  private readonly listeners = new Set<() => void>()
  private readonly latest: () => CursorView
  private readonly follow: (listener: () => void) => () => void

  constructor(latest: () => CursorView, follow: (listener: () => void) => () => void) {
    this.latest = latest
    this.follow = follow
  }

  get = (): CursorView => this.held ?? this.latest()

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    const stop = this.follow(() => {
      if (!this.held) listener()
    })
    return () => {
      this.listeners.delete(listener)
      stop()
    }
  }

  /** Holds `view` (what the panel drew), or lets go with undefined: the panel draws the cursor's view again. */
  hold = (view: CursorView | undefined): void => {
    if (view === this.held) return
    const letGo = this.held !== undefined && view === undefined
    this.held = view
    if (letGo) for (const listener of this.listeners) listener()
  }
}
