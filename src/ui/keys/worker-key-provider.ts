import { SOFTWARE_PROVIDER, type KeyProvider } from '../../device/keys/key-provider.ts'
import type { KeyWorkerCall, KeyWorkerReply, KeyWorkerRequest } from './forge-keygen.worker.ts'

type Pending = { resolve: (reply: KeyWorkerReply) => void; reject: (error: Error) => void }

/**
 * The software key provider for the browser: node-forge keys made, kept and used in a module
 * worker, so the page keeps answering. `onJob` counts the keys made there.
 */
export function createWorkerKeyProvider(onJob: () => void = () => {}): KeyProvider {
  let worker: Worker | undefined
  let nextId = 0
  const pending = new Map<number, Pending>()
  const call = (request: KeyWorkerCall): Promise<KeyWorkerReply> =>
    new Promise((resolve, reject) => {
      worker ??= start(pending)
      const id = ++nextId
      pending.set(id, { resolve, reject })
      worker.postMessage({ ...request, id } satisfies KeyWorkerRequest)
    })
  return {
    name: SOFTWARE_PROVIDER,
    tpmProtected: false,
    async createKeyPair(purpose) {
      onJob()
      const reply = await call({ op: 'generate' })
      if (!('handle' in reply)) throw new Error('The key worker did not return a key.')
      const handle = reply.handle
      return {
        containerId: crypto.randomUUID(),
        purpose,
        publicKeySpki: reply.publicKeySpki,
        async sign(data) {
          const signed = await call({ op: 'sign', handle, data })
          if (!('signature' in signed)) throw new Error('The key worker did not sign.')
          return signed.signature
        },
        ...(purpose === 'transport'
          ? {
              async decrypt(data: Uint8Array) {
                const opened = await call({ op: 'decrypt', handle, data })
                if (!('plaintext' in opened)) throw new Error('The key worker did not decrypt.')
                return opened.plaintext
              },
            }
          : {}),
      }
    },
  }
}

function start(pending: Map<number, Pending>): Worker {
  const worker = new Worker(new URL('./forge-keygen.worker.ts', import.meta.url), {
    type: 'module',
    name: 'forge-keys',
  })
  worker.onmessage = (event: MessageEvent<KeyWorkerReply>) => {
    const job = pending.get(event.data.id)
    pending.delete(event.data.id)
    if ('error' in event.data) job?.reject(new Error(event.data.error))
    else job?.resolve(event.data)
  }
  return worker
}
