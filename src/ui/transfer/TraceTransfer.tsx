import { useState, type DragEvent } from 'react'
import { useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import { FollowServer } from './FollowServer.tsx'
import { harFileName } from '../../har/export.ts'
import { exportHar, exportTrace, traceFileName } from './trace-file.ts'
import { readTraceFile } from './trace-reader.ts'

/** Save the run's trace, or open one: by picking a file or dropping it here. */
export function TraceTransfer() {
  const store = useTracerStore()
  // The run, not the whole state: a step of the cursor re-renders nothing here.
  const run = useTracerSelect((state) => state.run)
  const [errors, setErrors] = useState<string[]>([])
  const [notes, setNotes] = useState<string[]>([])
  const [dragging, setDragging] = useState(false)
  const open = async (file: File | undefined) => {
    if (!file) return
    const result = await readTraceFile(file)
    setNotes([])
    if (!result.ok) return setErrors([`${file.name} is not a trace this app can open:`, ...result.errors])
    setErrors([])
    setNotes(result.notes ?? [])
    store.replay(result.trace, 'file')
  }
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    void open(event.dataTransfer.files[0])
  }
  return (
    <section
      className={`transfer${dragging ? ' dragging' : ''}`}
      aria-label="Save or open a trace"
      onDragOver={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <button
        type="button"
        disabled={!run.trace}
        onClick={() => run.trace && download(run.trace, store.story().answers.passwords)}
      >
        Download trace
      </button>
      <button
        type="button"
        disabled={!run.trace}
        onClick={() => run.trace && downloadHar(run.trace, store.story().answers.passwords)}
      >
        Download HAR
      </button>
      <label className="button">
        Open a trace, HAR or .saz file…
        <input
          type="file"
          accept=".json,.ndjson,.har,.saz,application/json"
          className="visually-hidden"
          onChange={(event) => void open(event.target.files?.[0])}
        />
      </label>
      <span className="transfer-hint">or drop one here</span>
      <FollowServer />
      {run.origin ? <span className="tag">{ORIGIN_LABELS[run.origin]}</span> : null}
      {errors.length > 0 ? (
        <ul role="alert" className="transfer-errors">
          {errors.map((error, index) => (
            <li key={index}>{error}</li>
          ))}
        </ul>
      ) : null}
      {notes.length > 0 ? (
        <ul role="status" aria-label="About the opened file" className="transfer-notes">
          {notes.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

const ORIGIN_LABELS = {
  live: 'live run',
  recording: 'recorded story',
  file: 'opened file',
  server: 'server session',
} as const

function download(trace: Parameters<typeof exportTrace>[0], secrets: readonly string[]): void {
  save(exportTrace(trace, secrets), traceFileName(trace))
}

function downloadHar(trace: Parameters<typeof exportTrace>[0], secrets: readonly string[]): void {
  save(exportHar(trace, secrets), harFileName(trace))
}

function save(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
