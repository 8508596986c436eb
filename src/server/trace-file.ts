import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { sessionRecordLine } from '../trace/session-records.ts'

/** The session trace can take no more records: its file reached its cap, a write failed, or it closed. */
export class RecordingStopped extends Error {
  override readonly name = 'RecordingStopped'
}

/** Where a session's records go, one line each, before the request they record is answered. */
export interface RecordSink {
  /** Appends one whole record line, or throws RecordingStopped and appends nothing more. */
  append: (line: string) => void
  /** Why it takes no more records, once it does not. */
  stopped: () => string | undefined
  /** Writes the closing record and closes; appending afterwards throws RecordingStopped. */
  close: (at: number) => void
}

// Room kept below the cap for the `stopped` and `end` records, so the cap itself is always recorded.
const CLOSING_ROOM = 2048

/**
 * `--trace <file>`: the session's records appended to the file as they come. Each record is handed
 * to the kernel with writeSync before `append` returns, and the caller answers the client only
 * after that, so a client that saw an answer finds its request in the file even if the server is
 * killed (SIGKILL) a moment later: the page cache belongs to the kernel, not to this process.
 * fsync per record would also survive a power cut or a kernel crash, at the price of a disk flush
 * on every request (milliseconds on an SSD, far more on a busy disk); an offline emulator does not
 * guard against that, so the file is fsynced once, when the server shuts down cleanly.
 *
 * The file is truncated at start and kept at or under `maxBytes`: the record that would pass it is
 * refused (RecordingStopped), a `stopped` record saying so is written instead, and from then on the
 * server refuses every request (docs/server.md). A failed write stops the recording the same way.
 */
export function openTraceFile(
  path: string,
  options: { maxBytes: number; now: () => number; log: (line: string) => void },
): RecordSink {
  // 0600: the trace holds the tokens the tenant issued.
  const fd = openSync(path, 'w', 0o600)
  let written = 0
  let stopped: string | undefined
  /** A write failed: the file may end in half a line, so nothing more is written to it. */
  let broken = false
  let closed = false
  let requests = -1 // the first line appended is the header
  const write = (line: string) => {
    const bytes = Buffer.from(line)
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset)
    written += bytes.length
  }
  const stop = (reason: string, recordable: boolean) => {
    stopped = reason
    options.log(`trace: ${path}: ${reason}`)
    if (recordable) write(sessionRecordLine({ record: 'stopped', at: options.now(), reason }))
  }
  return {
    append: (line) => {
      if (stopped) throw new RecordingStopped(stopped)
      if (written + Buffer.byteLength(line) + CLOSING_ROOM > options.maxBytes) {
        stop(
          `the file reached its size cap of ${options.maxBytes} bytes after ${requests} requests; every later request is refused with 503 recording_stopped (restart with another --trace file or a larger --trace-max-mb)`,
          true,
        )
        throw new RecordingStopped(stopped)
      }
      try {
        write(line)
        requests++
      } catch (error) {
        broken = true
        stop(`writing failed (${(error as Error).message}); every later request is refused with 503`, false)
        throw new RecordingStopped(stopped)
      }
    },
    stopped: () => stopped,
    close: (at) => {
      if (closed) return
      closed = true
      try {
        if (!broken) write(sessionRecordLine({ record: 'end', at }))
        fsyncSync(fd)
      } catch (error) {
        options.log(`trace: ${path}: cannot close cleanly: ${(error as Error).message}`)
      } finally {
        stopped = 'the server has shut down'
        closeSync(fd)
      }
    },
  }
}
