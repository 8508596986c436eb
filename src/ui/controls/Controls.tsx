import { SPEEDS, type Speed } from '../session/playback.ts'
import { memo } from 'react'
import { useTracerSelect, useTracerStore } from '../session/use-tracer.ts'

/** Start or restart, play and pause, step back and forward, speed: the playback cursor's controls. */
export const Controls = memo(function Controls({ onHelp }: { onHelp: () => void }) {
  const store = useTracerStore()
  const started = useTracerSelect((state) => state.run.status !== 'idle')
  const frames = useTracerSelect((state) => state.run.frames.length)
  const cursor = useTracerSelect((state) => state.cursor)
  const playing = useTracerSelect((state) => state.playing)
  const speed = useTracerSelect((state) => state.speed)
  const last = frames - 1
  return (
    <section className="controls" aria-label="Playback controls">
      <button type="button" className="primary" onClick={() => void store.start()}>
        {started ? 'Restart' : 'Start'}
      </button>
      <button type="button" onClick={store.stepBack} disabled={cursor <= 0} aria-keyshortcuts="ArrowLeft">
        ◀ Step back
      </button>
      <button type="button" onClick={store.togglePlay} disabled={!started} aria-keyshortcuts="Space">
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
      <span className="position" aria-live="off">
        {started ? `Frame ${cursor + 1} of ${frames}` : 'Not started'}
      </span>
      <button type="button" className="help-button" onClick={onHelp} aria-keyshortcuts="?">
        ? Keys
      </button>
    </section>
  )
})
