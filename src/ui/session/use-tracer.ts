import { createContext, useContext, useMemo, useSyncExternalStore } from 'react'
import type { TracerState, TracerStore } from './tracer-store.ts'
import { viewAt, type CursorView } from './frames.ts'

export const TracerContext = createContext<TracerStore | undefined>(undefined)

export function useTracerStore(): TracerStore {
  const store = useContext(TracerContext)
  if (!store) throw new Error('useTracerStore needs a <TracerContext.Provider> above it')
  return store
}

/** The whole tracer state; re-renders on every change (a change is one frame or one click). */
export function useTracer(): TracerState {
  const store = useTracerStore()
  return useSyncExternalStore(store.subscribe, store.getState)
}

/** The run as it stood at the cursor: what every panel draws. */
export function useCursorView(): CursorView {
  const { run, cursor } = useTracer()
  return useMemo(() => viewAt(run.frames, cursor), [run.frames, cursor])
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
