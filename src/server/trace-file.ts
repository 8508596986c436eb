import { renameSync, writeFileSync } from 'node:fs'
import type { SessionTrace } from './session-trace.ts'

/**
 * `--trace <file>`: the session's trace on disk, written at once (a session with no request yet is
 * still a trace the tracer opens), again after every exchange, and once more on close. Each write
 * goes to a side file first and is renamed over the trace, so a reader never sees half a file.
 * @returns `flush`, to call on shutdown
 */
export function keepTraceFile(
  session: SessionTrace,
  path: string,
  log: (line: string) => void,
): { flush: () => void; stop: () => void } {
  const write = () => {
    const partial = `${path}.partial`
    writeFileSync(partial, `${JSON.stringify(session.snapshot(), null, 2)}\n`)
    renameSync(partial, path)
  }
  // A trace file that cannot be written is the operator's problem to see, not the client's.
  const flush = () => {
    try {
      write()
    } catch (error) {
      log(`trace: cannot write ${path}: ${(error as Error).message}`)
    }
  }
  write()
  const stop = session.onExchange(() => flush())
  return { flush, stop }
}
