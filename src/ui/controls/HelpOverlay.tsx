import { useEffect, useRef } from 'react'

const SHORTCUTS: Array<[string, string]> = [
  ['Space', 'Play or pause'],
  ['→', 'Step forward one frame'],
  ['←', 'Step back one frame (the whole page shows that moment)'],
  ['?', 'Show or hide this help'],
  ['Esc', 'Close this help'],
  ['Click a phase letter', 'Toggle a breakpoint: playback stops when the run enters that phase'],
  ['Click an arrow', 'Open the exchange in the payload inspector'],
]

/** The keyboard shortcuts, as a modal dialog that takes focus and gives it back. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    close.current?.focus()
    return () => before?.focus()
  }, [])
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
      <div className="overlay-box">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map(([key, meaning]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  )
}
