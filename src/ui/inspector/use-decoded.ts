import { useEffect, useState } from 'react'
import type { Decoded } from './decode-payload.ts'
import type { Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'

/**
 * The payloads decoded, or undefined while the decoders load: they come in a chunk of their own
 * (jose, @peculiar/x509) the first time the inspector has something to decode. Pass a memoised
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
    import('./decode-payload.ts')
      .then(({ decodePayloads }) => decodePayloads(payloads, jwks, requestTime))
      .then((entries) => current && setDecoded({ payloads, entries }))
    return () => {
      current = false
    }
  }, [payloads, jwks, requestTime])
  return decoded?.payloads === payloads ? decoded.entries : undefined
}
