import { createContext, useContext, useState, useSyncExternalStore } from 'react'
import type { TracerState, TracerStore } from './tracer-store.ts'
import { viewAt, type CursorView, type Frame } from './frames.ts'
import { HeldView } from './held-view.ts'
import { RestingView } from './resting-view.ts'

export const TracerContext = createContext<TracerStore | undefined>(undefined)

export function useTracerStore(): TracerStore {
  const store = useContext(TracerContext)
  if (!store) throw new Error('useTracerStore needs a <TracerContext.Provider> above it')
  return store
}

// Each hook passes its snapshot twice: the second serves the build's prerender and the hydration of
// it, when the store is still in its first state on both sides.

/** The whole tracer state; re-renders on every change (a change is one frame or one click). */
export function useTracer(): TracerState {
  const store = useTracerStore()
  return useSyncExternalStore(store.subscribe, store.getState, store.getState)
}

/**
 * One field (or a value derived from fields) of the state; re-renders only when it changes. The
 * selector must return a primitive or an object already in the state, never a new one.
 */
export function useTracerSelect<T>(select: (state: TracerState) => T): T {
  const store = useTracerStore()
  const selected = () => select(store.getState())
  return useSyncExternalStore(store.subscribe, selected, selected)
}

const views = new WeakMap<TracerStore, { frames: readonly Frame[]; cursor: number; view: CursorView }>()

/**
 * The run as it stood at the cursor: what every panel draws. Frames only ever get appended during
 * a run, so while the cursor stays put the view is the same object, and frames arriving ahead of
 * the cursor re-render nothing that draws it.
 */
export function useCursorView(): CursorView {
  const store = useTracerStore()
  const view = () => cursorView(store)
  return useSyncExternalStore(store.subscribe, view, view)
}

const resting = new WeakMap<TracerStore, RestingView>()

/**
 * The run at the cursor once the cursor has rested (see RestingView): for the panels that explain
 * a moment rather than show the move, so stepping quickly redraws only the cursor's own views.
 */
export function useRestingCursorView(): CursorView {
  const store = useTracerStore()
  const rest = restingView(store)
  return useSyncExternalStore(rest.subscribe, rest.get, () => cursorView(store))
}

/** Runs a callback once the cursor rests (at once if it is at rest): see RestingView.whenRested. */
export function useWhenRested(): (callback: () => void) => void {
  return restingView(useTracerStore()).whenRested
}

function restingView(store: TracerStore): RestingView {
  let rest = resting.get(store)
  if (!rest) resting.set(store, (rest = new RestingView(() => cursorView(store), store.subscribe)))
  return rest
}

/**
 * The cursor's view, or the one the panel holds: `hold(view)`, called from an effect, keeps the
 * panel on the view it drew and re-renders it on no step of the cursor; `hold(undefined)` brings
 * the cursor's view back at once. For a panel out of the page's view (see HeldView).
 */
export function useHeldCursorView(): [CursorView, (view: CursorView | undefined) => void] {
  const store = useTracerStore()
  const [held] = useState(() => new HeldView(() => cursorView(store), store.subscribe))
  return [useSyncExternalStore(held.subscribe, held.get, held.get), held.hold]
}

function cursorView(store: TracerStore): CursorView {
  const { run, cursor } = store.getState()
  const cached = views.get(store)
  const atEnd = cursor >= run.frames.length - 1
  const same =
    cached &&
    cached.cursor === cursor &&
    cached.frames[0] === run.frames[0] &&
    cached.frames[cursor] === run.frames[cursor] &&
    cached.view.atEnd === atEnd
  if (same) return cached.view
  const view = viewAt(run.frames, cursor)
  views.set(store, { frames: run.frames, cursor, view })
  return view
}

/**
 * `idle`, `running`, or how the run ended once the page has shown the end: `main[data-status]`,
 * which tests and helpers wait on.
 */
export function runStatus(state: TracerState): string {
  if (state.run.status === 'idle') return 'idle'
  if (!state.run.shownEnd) return 'running'
  return state.run.trace?.outcome ?? 'UNEXPECTED'
}
