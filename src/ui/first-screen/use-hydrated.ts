import { useSyncExternalStore } from 'react'

const never = () => () => {}

/**
 * False while the page renders on the build machine or hydrates its prerendered markup, true from
 * the render after: `main[data-status]` waits on it, so whoever waits for the page (tests, the
 * bench) finds it once it answers clicks, not when its prerendered markup has only been painted.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  )
}
