import { useCallback, useEffect, useMemo, useState } from 'react'
import { currentHash, parseRoute, type Theme } from '../routing/route.ts'
import {
  initialChoices,
  readChoices,
  viewOf,
  writeChoices,
  type DisplayChoices,
  type FlowView,
} from './display-choices.ts'

export type { Theme }

export interface Display {
  theme: Theme
  presenter: boolean
  view: FlowView
  help: { open: boolean; toggle: () => void; close: () => void }
  setTheme: (theme: Theme) => void
  setPresenter: (on: boolean) => void
  setView: (view: FlowView) => void
}

function storage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}

/**
 * The page's look: theme (system by default), presenter mode, stage or sequence, the help
 * overlay. A link's presenter and theme win over what this browser remembers; every change is
 * remembered for the next visit.
 */
export function useDisplay(): Display {
  const [choices, setChoices] = useState<DisplayChoices>(() =>
    initialChoices(readChoices(storage()), parseRoute(currentHash()).display),
  )
  const [open, setOpen] = useState(false)
  useEffect(() => writeChoices(storage(), choices), [choices])
  // The theme colours the whole document, including what lies outside <main>.
  useEffect(() => {
    if (choices.theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = choices.theme
  }, [choices.theme])
  // Presenter mode scales the root font size, so every rem on the page grows together. Its layout
  // fits the controls, the narration and the stage in a 1280×720 window from the top of the page;
  // turned on after the sequence view has scrolled the page down to follow the cursor, the page
  // would keep that scroll and the narration would start above the window (found at 1280×720:
  // 173 px down after a story's end), and a trainer would need the mouse to get it back.
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', choices.presenter)
    if (choices.presenter) window.scrollTo(0, 0)
  }, [choices.presenter])
  const toggle = useCallback(() => setOpen((was) => !was), [])
  const close = useCallback(() => setOpen(false), [])
  const help = useMemo(() => ({ open, toggle, close }), [open, toggle, close])
  const setTheme = useCallback((theme: Theme) => setChoices((was) => ({ ...was, theme })), [])
  const setPresenter = useCallback((presenter: boolean) => setChoices((was) => ({ ...was, presenter })), [])
  const setView = useCallback((view: FlowView) => setChoices((was) => ({ ...was, view })), [])
  return {
    theme: choices.theme,
    presenter: choices.presenter,
    view: viewOf(choices),
    help,
    setTheme,
    setPresenter,
    setView,
  }
}
