// node-forge's pure-JS prime search takes 0.5–3 s: here it blocks only this worker, never the page.
import forge from 'node-forge'

export interface KeygenRequest {
  id: number
}
export type KeygenReply = { id: number; pem: string } | { id: number; error: string }

// Never hand the work to WebCrypto (forge would, given a callback): this worker is the no-TPM path.
// The flag is missing from @types/node-forge.
;(forge as unknown as { options: { usePureJavaScript: boolean } }).options.usePureJavaScript = true

// The project compiles against DOM types; a worker's scope is this much of them.
const scope = self as unknown as { onmessage: (event: MessageEvent<KeygenRequest>) => void; postMessage: (reply: KeygenReply) => void }

scope.onmessage = (event: MessageEvent<KeygenRequest>) => {
  const { id } = event.data
  try {
    // No callback: forge runs its search synchronously, which is what a worker is for.
    const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 })
    scope.postMessage({ id, pem: forge.pki.privateKeyToPem(keys.privateKey) } satisfies KeygenReply)
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies KeygenReply)
  }
}
