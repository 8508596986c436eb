import { useEffect } from 'react'
import type { TracerStore } from '../session/tracer-store.ts'

/** Keys typed into a field or pressed on a control belong to that element, not to playback. */
function isOwnedByTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return true
  return key === ' ' && target.closest('button, a, summary, [role="button"]') !== null
}

/** Space plays or pauses, ← and → step, ? toggles the help, Esc closes it. */
export function useShortcuts(
  store: TracerStore,
  help: { open: boolean; toggle: () => void; close: () => void },
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return
      if (event.key === 'Escape' && help.open) return help.close()
      if (isOwnedByTarget(event.target, event.key)) return
      const action = {
        ' ': store.togglePlay,
        ArrowRight: store.stepForward,
        ArrowLeft: store.stepBack,
        '?': help.toggle,
      }[event.key]
      if (!action) return
      event.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store, help])
}
