import { memo, useMemo, useRef } from 'react'
import { useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import { describeFault, whatIfPoint } from '../session/what-if.ts'

/**
 * "What if…", in the playback row: on a paused run, the faults that fit the next exchange, in a
 * menu over the page (nothing below moves); choosing one replays the run with it. After that, a
 * switch between the original run and the one with the fault.
 */
export const WhatIfControl = memo(function WhatIfControl() {
  const store = useTracerStore()
  const run = useTracerSelect((state) => state.run)
  const playing = useTracerSelect((state) => state.playing)
  const scenarioId = useTracerSelect((state) => state.scenarioId)
  const whatIf = useTracerSelect((state) => state.whatIf)
  const menu = useRef<HTMLDetailsElement>(null)
  const replayable = run.origin === 'live' || run.origin === 'recording'
  const paused = !playing && run.status !== 'idle' && replayable && whatIf?.showing !== 'original'
  // The cursor only where a what-if can be offered: stepping through an opened file or a followed
  // server re-renders nothing here.
  const cursor = useTracerSelect((state) => (paused ? state.cursor : -1))
  const point = useMemo(
    () => (paused ? whatIfPoint(run.frames, cursor, scenarioId) : undefined),
    [paused, run.frames, cursor, scenarioId],
  )
  const close = () => {
    if (menu.current) menu.current.open = false
    menu.current?.querySelector('summary')?.focus()
  }
  return (
    <>
      {point ? (
        <details
          className="what-if"
          ref={menu}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return
            event.stopPropagation()
            close()
          }}
        >
          <summary aria-label={`What if… next: ${point.title}`}>What if…</summary>
          <div className="what-if-menu" role="group" aria-label="What if">
            <p className="what-if-hint">
              Next: <strong>{point.title}</strong> (<code>{point.exchange}</code>). A fault replays the run
              with it from there; the run you have stays, to compare.
            </p>
            <ul className="what-if-faults">
              {point.faults.map((fault) => (
                <li key={fault.name}>
                  <button type="button" onClick={() => void store.whatIf(fault.name)}>
                    <code>{fault.name}</code> <span>{describeFault(fault)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}
      {whatIf ? (
        <div className="what-if-compare" role="group" aria-label="Compare runs">
          <button
            type="button"
            aria-pressed={whatIf.showing === 'original'}
            onClick={() => store.compare('original')}
          >
            Original
          </button>
          <button
            type="button"
            aria-pressed={whatIf.showing === 'fault'}
            onClick={() => store.compare('fault')}
          >
            With <code>{whatIf.fault}</code>
          </button>
        </div>
      ) : null}
    </>
  )
})
