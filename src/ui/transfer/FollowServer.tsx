import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { useTracerStore } from '../session/use-tracer.ts'
import { readTraceText } from './trace-reader.ts'

// Shown only while a server is followed: its code (and zod/mini, which checks what the server
// answers) loads then, not with the first screen.
const DeviceCodes = lazy(() =>
  import('./DeviceCodes.tsx').then((module) => ({ default: module.DeviceCodes })),
)

/**
 * Follows a running `npm run serve`: its server-sent events say a request arrived, and the page
 * fetches the session's trace (its last 500 requests) and shows it, so a real client's join
 * appears as it happens.
 */
export function FollowServer() {
  const store = useTracerStore()
  const [address, setAddress] = useState('http://127.0.0.1:8888')
  const [status, setStatus] = useState<string>()
  const [following, setFollowing] = useState<URL>()
  /** Counts the server's events, so the device-code panel reads the codes again after each. */
  const [events, setEvents] = useState(0)
  const source = useRef<EventSource | undefined>(undefined)
  const stop = () => {
    source.current?.close()
    source.current = undefined
    setFollowing(undefined)
    setStatus(undefined)
  }
  useEffect(() => () => source.current?.close(), [])
  const follow = () => {
    stop()
    let base: URL
    try {
      base = new URL(address)
    } catch {
      return setStatus(`"${address}" is not an address.`)
    }
    const refresh = async () => {
      const parsed = await readTraceText(await (await fetch(new URL('/__tracer/trace', base))).text())
      if (!parsed.ok)
        return setStatus(`The server sent something that is not a trace: ${parsed.errors[0] ?? ''}`)
      store.follow(parsed.trace)
      setEvents((count) => count + 1)
      setStatus(`Following ${base.host}: ${parsed.trace.steps.length} request(s).`)
    }
    // Under load requests arrive faster than the trace can be fetched: one fetch at a time, and one
    // more after it (at most four a second) for whatever arrived meanwhile.
    let fetching = false
    let stale = false
    const refreshSoon = () => {
      if (fetching) return void (stale = true)
      fetching = true
      void refresh()
        .catch((error: unknown) => setStatus(String(error)))
        .finally(() => {
          fetching = false
          if (stale) setTimeout(refreshSoon, 250)
          stale = false
        })
    }
    const events = new EventSource(new URL('/__tracer/events', base))
    events.addEventListener('trace', refreshSoon)
    events.addEventListener('exchange', refreshSoon)
    events.onerror = () => setStatus(`No answer from ${base.host}: is npm run serve running there?`)
    source.current = events
    setFollowing(base)
    setStatus(`Connecting to ${base.host}…`)
  }
  return (
    <>
      <span className="follow-server">
        <label>
          Server
          <input type="url" value={address} onChange={(event) => setAddress(event.target.value)} size={22} />
        </label>
        {following ? (
          <button type="button" onClick={stop}>
            Stop following
          </button>
        ) : (
          <button type="button" onClick={follow}>
            Follow a server
          </button>
        )}
        {status ? (
          <span role="status" className="transfer-hint">
            {status}
          </span>
        ) : null}
      </span>
      {following ? (
        <Suspense fallback={null}>
          <DeviceCodes base={following} version={events} />
        </Suspense>
      ) : null}
    </>
  )
}
