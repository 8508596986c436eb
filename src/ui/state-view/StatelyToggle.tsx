import { useRef, useState } from 'react'
import { useTracerSelect, useTracerStore } from '../session/use-tracer.ts'

/**
 * The opt-in link to Stately's inspector. Off by default: it opens a popup on stately.ai (which
 * fails harmlessly offline) and sends it every event, password included. Loaded only on click.
 */
export function StatelyToggle() {
  const store = useTracerStore()
  const statelyOn = useTracerSelect((state) => state.statelyOn)
  const inspector = useRef<{ stop: () => void } | undefined>(undefined)
  const [error, setError] = useState<string>()
  const turnOn = async () => {
    try {
      const { createBrowserInspector } = await import('@statelyai/inspect')
      const created = createBrowserInspector()
      inspector.current = created
      store.useInspector((event) => created.inspect.next?.(event))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause))
    }
  }
  const turnOff = () => {
    inspector.current?.stop()
    inspector.current = undefined
    store.useInspector(undefined)
  }
  return (
    <div className="stately">
      <label>
        <input
          type="checkbox"
          checked={statelyOn}
          onChange={(event) => void (event.target.checked ? turnOn() : turnOff())}
        />{' '}
        Send events to Stately's inspector (opens stately.ai)
      </label>
      {statelyOn ? (
        <p className="warning" role="note">
          On: from the next Start, every event goes to stately.ai, including the password you type (it travels
          in the password.submit event).
        </p>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  )
}
