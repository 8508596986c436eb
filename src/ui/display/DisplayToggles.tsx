import type { Display, Theme } from './use-display.ts'

/** Theme and presenter mode. */
export function DisplayToggles({ display }: { display: Display }) {
  return (
    <div className="display-toggles">
      <label>
        Theme
        <select value={display.theme} onChange={(event) => display.setTheme(event.target.value as Theme)}>
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
      <button
        type="button"
        aria-pressed={display.presenter}
        onClick={() => display.setPresenter(!display.presenter)}
      >
        Presenter mode
      </button>
    </div>
  )
}
