import { useEffect, useRef } from 'react'
import { POINTER_HINTS, SHORTCUTS } from './shortcuts.ts'

const ROWS: ReadonlyArray<[string, string]> = [
  ...SHORTCUTS.map((shortcut): [string, string] => [shortcut.label, shortcut.meaning]),
  ...POINTER_HINTS,
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
          {ROWS.map(([key, meaning]) => (
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
