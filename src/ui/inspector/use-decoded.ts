import { useEffect, useState } from 'react'
import type { Decoded } from './decode-payload.ts'
import { decodeOffThread } from './decoder.ts'
import type { Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'

/**
 * The payloads decoded, or undefined while they decode: in a worker (decoder.ts), so the exchange's
 * plain view paints first and the decoded view follows without holding the page. Pass a memoised
 * array: a new array means new payloads.
 */
export function useDecoded(
  payloads: Payload[],
  jwks: Jwks | undefined,
  requestTime?: number,
): Decoded[] | undefined {
  const [decoded, setDecoded] = useState<{ payloads: Payload[]; entries: Decoded[] }>()
  useEffect(() => {
    let current = true
    decodeOffThread(payloads, jwks, requestTime).then(
      (entries) => current && setDecoded({ payloads, entries }),
    )
    return () => {
      current = false
    }
  }, [payloads, jwks, requestTime])
  return decoded?.payloads === payloads ? decoded.entries : undefined
}
