import { useEffect, useState } from 'react'

type Explainer = typeof import('./FailureExplained.tsx')

// The failure explainer (Windows' codes and what they mean) is needed at a run's end, not on the
// first screen: it loads in idle time (warm-up.ts) or when a run first ends, once, for every panel
// that asks.
let explainer: Explainer | undefined

/** The failure explainer once it has loaded; asking with `needed` loads it. */
export function useExplainer(needed: boolean): Explainer | undefined {
  const [ready, setReady] = useState(Boolean(explainer))
  useEffect(() => {
    if (!needed || ready) return
    let current = true
    void import('./FailureExplained.tsx').then((module) => {
      explainer = module
      if (current) setReady(true)
    })
    return () => {
      current = false
    }
  }, [needed, ready])
  return ready ? explainer : undefined
}
