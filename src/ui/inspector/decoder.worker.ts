// The inspector's decoder worker: an exchange's payloads are found here (its bodies walked, a
// WS-Trust or SAML message parsed by the XML parser) and decoded here (jose, @peculiar/x509), not
// in the page, so a replay that opens exchange after exchange never holds the page's thread for an
// XML parse, an X.509 parse or a signature check.
import { findAndDecode, type Found, type PayloadSource } from './find-and-decode.ts'
import type { Jwks } from './jwt.ts'

export interface DecoderRequest {
  id: number
  source: PayloadSource
  jwks?: Jwks
  requestTime?: number
}
export type DecoderReply = ({ id: number } & Found) | { id: number; error: string }

// The project compiles against DOM types; a worker's scope is this much of them.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<DecoderRequest>) => void
  postMessage: (reply: DecoderReply) => void
}

scope.onmessage = ({ data: { id, source, jwks, requestTime } }: MessageEvent<DecoderRequest>) => {
  // Whatever throws, in a finder or a decoder, is answered as a failure of that one request.
  new Promise<Found>((resolve) => resolve(findAndDecode(source, jwks, requestTime))).then(
    (found) => scope.postMessage({ id, ...found }),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  )
}
