import { useEffect } from 'react'
import type { TracerStore } from '../session/tracer-store.ts'
import { isOwnedByTarget, shortcutFor, type ShortcutAction } from './shortcuts.ts'

export interface ShortcutTargets {
  help: { open: boolean; toggle: () => void; close: () => void }
  toggleView: () => void
  togglePresenter: () => void
}

/** Runs the keys listed in SHORTCUTS; a key pressed inside a text field stays with the field. */
export function useShortcuts(store: TracerStore, targets: ShortcutTargets): void {
  useEffect(() => {
    const actions: Record<ShortcutAction, () => void> = {
      'toggle-play': store.togglePlay,
      'step-forward': store.stepForward,
      'step-back': store.stepBack,
      'first-frame': store.firstFrame,
      'last-frame': store.lastFrame,
      'toggle-view': targets.toggleView,
      'toggle-presenter': targets.togglePresenter,
      'toggle-help': targets.help.toggle,
      'close-help': targets.help.close,
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return
      const shortcut = shortcutFor(event.key)
      if (!shortcut) return
      if (shortcut.action === 'close-help' && !targets.help.open) return
      const mine = shortcut.action === 'close-help' || shortcut.action === 'toggle-help'
      if (!mine && isOwnedByTarget(event.target, event.key)) return
      // Inside the help dialog, Space and Enter press its own button.
      if (!mine && event.target instanceof Element && event.target.closest('[role="dialog"]')) return
      // Keeps a focused button from also being clicked by Space (Chromium clicks on keyup).
      event.preventDefault()
      actions[shortcut.action]()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store, targets])
}
