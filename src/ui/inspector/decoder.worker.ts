// The inspector's decoder worker: tokens, certificates, requests and SAML are decoded here (jose,
// @peculiar/x509 and the XML parser load here, not in the page), so a replay that opens exchange
// after exchange never holds the page's thread for an X.509 parse or a signature check.
import { decodePayloads, type Decoded } from './decode-payload.ts'
import type { Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'

export interface DecoderRequest {
  id: number
  payloads: Payload[]
  jwks?: Jwks
  requestTime?: number
}
export type DecoderReply = { id: number; entries: Decoded[] } | { id: number; error: string }

// The project compiles against DOM types; a worker's scope is this much of them.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<DecoderRequest>) => void
  postMessage: (reply: DecoderReply) => void
}

scope.onmessage = ({ data: { id, payloads, jwks, requestTime } }: MessageEvent<DecoderRequest>) => {
  decodePayloads(payloads, jwks, requestTime).then(
    (entries) => scope.postMessage({ id, entries }),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  )
}
