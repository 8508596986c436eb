import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CursorView } from '../../src/ui/session/frames.ts'
import { RestingView } from '../../src/ui/session/resting-view.ts'

/** Animation frames run by hand, and a cursor that moves when told. */
function harness() {
  let frames: Array<() => void> = []
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
  vi.stubGlobal('cancelAnimationFrame', (id: number) => (frames[id - 1] = () => undefined))
  vi.stubGlobal('document', { hidden: false })
  let view = { cursor: 0 } as unknown as CursorView
  const listeners = new Set<() => void>()
  const rest = new RestingView(
    () => view,
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
  )
  return {
    rest,
    move() {
      view = { cursor: (view as unknown as { cursor: number }).cursor + 1 } as unknown as CursorView
      for (const listener of listeners) listener()
    },
    frame() {
      const due = frames
      frames = []
      for (const callback of due) callback()
    },
  }
}

describe('the resting view', () => {
  beforeEach(() => vi.unstubAllGlobals())
  afterEach(() => vi.unstubAllGlobals())

  it('runs what waits for the cursor to rest at once when it rests, and after the move when it moves', () => {
    const { rest, move, frame } = harness()
    const ran: string[] = []
    rest.whenRested(() => ran.push('at rest'))
    expect(ran).toEqual(['at rest'])

    move()
    rest.whenRested(() => ran.push('after the move'))
    frame()
    // A step in every frame (a key held down) keeps it waiting.
    move()
    frame()
    move()
    frame()
    expect(ran).toEqual(['at rest'])
    // Two frames without a move: at rest.
    frame()
    expect(ran).toEqual(['at rest', 'after the move'])
  })

  it('shows the new view to its listeners before it runs what waited', () => {
    const { rest, move, frame } = harness()
    const order: string[] = []
    const shown = rest.get()
    rest.subscribe(() => order.push(rest.get() === shown ? 'old view' : 'new view'))
    move()
    rest.whenRested(() => order.push('waited'))
    frame()
    frame()
    expect(order).toEqual(['new view', 'waited'])
  })
})
