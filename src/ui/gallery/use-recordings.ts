import { useEffect, useState } from 'react'
import { loadRecording } from '../../stories/recordings.ts'
import type { Trace } from '../../trace/schema.ts'

export type RecordingState =
  | { status: 'loading' }
  | { status: 'ready'; trace: Trace }
  | { status: 'missing' }
  | { status: 'broken'; error: string }

/**
 * Loads the recordings of the given stories for their cards. Reading a file is idempotent, so
 * StrictMode's double effect only reads twice; nothing here starts a flow.
 */
export function useRecordings(storyIds: readonly string[]): ReadonlyMap<string, RecordingState> {
  const [states, setStates] = useState<ReadonlyMap<string, RecordingState>>(new Map())
  const key = storyIds.join(',')
  useEffect(() => {
    let live = true
    for (const id of key.split(',').filter(Boolean)) {
      loadRecording(id).then(
        (trace) =>
          live &&
          setStates((before) =>
            new Map(before).set(id, trace ? { status: 'ready', trace } : { status: 'missing' }),
          ),
        (error: unknown) =>
          live && setStates((before) => new Map(before).set(id, { status: 'broken', error: String(error) })),
      )
    }
    return () => void (live = false)
  }, [key])
  return states
}
