import { useEffect, useState } from 'react'
import { useWhenRested } from '../session/use-tracer.ts'
import { decodeOffThread } from './decoder.ts'
import type { Found, PayloadSource } from './find-and-decode.ts'
import type { Jwks } from './jwt.ts'

/**
 * The payloads of an exchange or of a run's artifacts, found and decoded, or undefined until they
 * are: in a worker (decoder.ts), so the exchange's plain view paints first and the decoded view
 * follows without holding the page. Pass a memoised source: a new object means a new source.
 */
export function useDecoded(
  source: PayloadSource,
  jwks: Jwks | undefined,
  requestTime?: number,
): Found | undefined {
  const [decoded, setDecoded] = useState<{ source: PayloadSource; found: Found }>()
  const whenRested = useWhenRested()
  useEffect(() => {
    let current = true
    // An answer that comes while the cursor moves waits for it to rest: drawn then, a panel of
    // decoded payloads cost the first frames of a step through a trace just opened.
    void decodeOffThread(source, jwks, requestTime).then((found) =>
      whenRested(() => current && setDecoded({ source, found })),
    )
    return () => {
      current = false
    }
  }, [source, jwks, requestTime, whenRested])
  return decoded?.source === source ? decoded.found : undefined
}
