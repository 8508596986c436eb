import { useCallback, useEffect, useMemo, useState } from 'react'

export type Theme = 'system' | 'light' | 'dark'

export interface Display {
  theme: Theme
  presenter: boolean
  help: { open: boolean; toggle: () => void; close: () => void }
  setTheme: (theme: Theme) => void
  setPresenter: (on: boolean) => void
}

/** The page's look: theme (system by default), presenter mode, the help overlay. */
export function useDisplay(): Display {
  const [theme, setTheme] = useState<Theme>('system')
  const [presenter, setPresenter] = useState(false)
  const [open, setOpen] = useState(false)
  // The theme colours the whole document, including what lies outside <main>.
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [theme])
  const toggle = useCallback(() => setOpen((was) => !was), [])
  const close = useCallback(() => setOpen(false), [])
  const help = useMemo(() => ({ open, toggle, close }), [open, toggle, close])
  return { theme, presenter, help, setTheme, setPresenter }
}
