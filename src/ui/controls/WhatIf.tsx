import { memo, useMemo } from 'react'
import { useTracer, useTracerStore } from '../session/use-tracer.ts'
import { describeFault, whatIfPoint } from '../session/what-if.ts'

/**
 * "What if…": on a paused run, the faults that fit the next exchange; choosing one replays the run
 * with it. After that, a switch between the original run and the one with the fault.
 */
export const WhatIfPanel = memo(function WhatIfPanel() {
  const store = useTracerStore()
  const { run, cursor, playing, scenarioId, whatIf } = useTracer()
  const replayable = run.origin === 'live' || run.origin === 'recording'
  const paused = !playing && run.status !== 'idle' && replayable && whatIf?.showing !== 'original'
  const point = useMemo(
    () => (paused ? whatIfPoint(run.frames, cursor, scenarioId) : undefined),
    [paused, run.frames, cursor, scenarioId],
  )
  if (!whatIf && !point) return null
  return (
    <section className="what-if" aria-label="What if">
      {whatIf ? (
        <div className="what-if-compare" role="group" aria-label="Compare runs">
          <span>
            What if <code>{whatIf.fault}</code>:
          </span>
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
            With fault
          </button>
        </div>
      ) : null}
      {point ? (
        <details className="what-if-picker">
          <summary>
            What if… <span className="what-if-next">next: {point.title}</span>
          </summary>
          <p className="what-if-hint">
            Replays the run with the fault at <code>{point.exchange}</code>; the run you have stays, to
            compare.
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
        </details>
      ) : null}
    </section>
  )
})
