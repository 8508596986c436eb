import { SPEEDS, type Speed } from '../session/playback.ts'
import { memo, useEffect, useRef, useState } from 'react'
import { useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import type { FlowView } from '../display/display-choices.ts'
import { WhatIfControl } from './WhatIf.tsx'

interface ControlsProps {
  onHelp: () => void
  view: FlowView
  onView: (view: FlowView) => void
}

/** Start or restart, play and pause, step back and forward, speed: the playback cursor's controls. */
export const Controls = memo(function Controls({ onHelp, view, onView }: ControlsProps) {
  const store = useTracerStore()
  const started = useTracerSelect((state) => state.run.status !== 'idle')
  const frames = useTracerSelect((state) => state.run.frames.length)
  const cursor = useTracerSelect((state) => state.cursor)
  const playing = useTracerSelect((state) => state.playing)
  const speed = useTracerSelect((state) => state.speed)
  const last = frames - 1
  // After Start, focus goes to Pause: Space then pauses, and the arrows step (Start would restart).
  const playButton = useRef<HTMLButtonElement>(null)
  const [starts, setStarts] = useState(0)
  useEffect(() => {
    if (starts > 0) playButton.current?.focus()
  }, [starts])
  const start = () => {
    setStarts((count) => count + 1)
    void store.start()
  }
  return (
    <section className="controls" aria-label="Playback controls">
      <button type="button" className="primary" onClick={start}>
        {started ? 'Restart' : 'Start'}
      </button>
      <button type="button" onClick={store.stepBack} disabled={cursor <= 0} aria-keyshortcuts="ArrowLeft">
        ◀ Step back
      </button>
      <button
        type="button"
        ref={playButton}
        className="play"
        onClick={store.togglePlay}
        disabled={!started}
        aria-keyshortcuts="Space"
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button
        type="button"
        onClick={store.stepForward}
        disabled={cursor >= last}
        aria-keyshortcuts="ArrowRight"
      >
        Step forward ▶
      </button>
      <label className="speed">
        Speed
        <select value={speed} onChange={(event) => store.setSpeed(event.target.value as Speed)}>
          {Object.keys(SPEEDS).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <WhatIfControl />
      <div className="view-switch" role="group" aria-label="View" aria-keyshortcuts="S">
        <button type="button" aria-pressed={view === 'stage'} onClick={() => onView('stage')}>
          Stage
        </button>
        <button type="button" aria-pressed={view === 'sequence'} onClick={() => onView('sequence')}>
          Sequence
        </button>
      </div>
      <span className="position frame-counter" aria-live="off">
        {started ? `Frame ${cursor + 1} of ${frames}` : 'Not started'}
      </span>
      <button type="button" className="help-button" onClick={onHelp} aria-keyshortcuts="?">
        ? Keys
      </button>
    </section>
  )
})
