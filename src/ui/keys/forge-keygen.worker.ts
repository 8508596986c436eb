// The no-TPM key provider's home in the browser: node-forge's pure-JS prime search (0.5–3 s) and
// its RSA signing (15–40 ms a signature) run here, so no task on the page's thread grows long.
// The private key never leaves the worker: the page gets the public key and signatures.
import forge from 'node-forge'
import { forgeKeyFromPem, type ForgeKey } from '../../device/keys/forge-key.ts'

export type KeyWorkerCall = { op: 'generate' } | { op: 'sign' | 'decrypt'; handle: number; data: Uint8Array }
export type KeyWorkerRequest = KeyWorkerCall & { id: number }
export type KeyWorkerReply =
  | { id: number; handle: number; publicKeySpki: Uint8Array }
  | { id: number; signature: Uint8Array }
  | { id: number; plaintext: Uint8Array }
  | { id: number; error: string }

// Never hand the work to WebCrypto (forge would, given a callback): this worker is the no-TPM path.
// The flag is missing from @types/node-forge.
;(forge as unknown as { options: { usePureJavaScript: boolean } }).options.usePureJavaScript = true

// The project compiles against DOM types; a worker's scope is this much of them.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<KeyWorkerRequest>) => void
  postMessage: (reply: KeyWorkerReply) => void
}
const keys = new Map<number, ForgeKey>()

scope.onmessage = (event: MessageEvent<KeyWorkerRequest>) => {
  const request = event.data
  try {
    scope.postMessage(request.op === 'generate' ? generate(request.id) : use(request))
  } catch (error) {
    scope.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) })
  }
}

function generate(id: number): KeyWorkerReply {
  // No callback: forge runs its search synchronously, which is what a worker is for.
  const pair = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 })
  const key = forgeKeyFromPem(forge.pki.privateKeyToPem(pair.privateKey))
  keys.set(id, key)
  return { id, handle: id, publicKeySpki: key.publicKeySpki }
}

function use(request: {
  id: number
  op: 'sign' | 'decrypt'
  handle: number
  data: Uint8Array
}): KeyWorkerReply {
  const key = keys.get(request.handle)
  if (!key) throw new Error(`No key ${request.handle} in this worker.`)
  return request.op === 'sign'
    ? { id: request.id, signature: key.sign(request.data) }
    : { id: request.id, plaintext: key.decrypt(request.data) }
}
