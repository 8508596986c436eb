import type { RsaKeyGenerator } from '../../device/keys/forge-provider.ts'
import type { KeygenReply } from './forge-keygen.worker.ts'

/**
 * An RsaKeyGenerator for the browser: each key is made in a module worker, so the page keeps
 * answering while forge searches for primes. `onJob` counts the keys made there.
 */
export function createWorkerKeyGenerator(onJob: () => void = () => {}): RsaKeyGenerator {
  let worker: Worker | undefined
  let nextId = 0
  const pending = new Map<number, { resolve: (pem: string) => void; reject: (error: Error) => void }>()
  const start = () => {
    const created = new Worker(new URL('./forge-keygen.worker.ts', import.meta.url), { type: 'module', name: 'forge-keygen' })
    created.onmessage = (event: MessageEvent<KeygenReply>) => {
      const job = pending.get(event.data.id)
      pending.delete(event.data.id)
      if ('pem' in event.data) job?.resolve(event.data.pem)
      else job?.reject(new Error(event.data.error))
    }
    return created
  }
  return () =>
    new Promise<string>((resolve, reject) => {
      worker ??= start()
      const id = ++nextId
      pending.set(id, { resolve, reject })
      onJob()
      worker.postMessage({ id })
    })
}
