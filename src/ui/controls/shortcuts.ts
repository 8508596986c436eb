/** What a key does on the page; the help overlay lists exactly these, and the handler runs them. */
export type ShortcutAction =
  | 'toggle-play'
  | 'step-forward'
  | 'step-back'
  | 'first-frame'
  | 'last-frame'
  | 'toggle-view'
  | 'toggle-presenter'
  | 'toggle-help'
  | 'close-help'

export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[]
  /** How the help overlay writes the key. */
  label: string
  meaning: string
  action: ShortcutAction
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', meaning: 'Play or pause (never restarts)', action: 'toggle-play' },
  { keys: ['ArrowRight'], label: '→', meaning: 'Step forward one frame', action: 'step-forward' },
  {
    keys: ['ArrowLeft'],
    label: '←',
    meaning: 'Step back one frame (the whole page shows that moment)',
    action: 'step-back',
  },
  { keys: ['Home'], label: 'Home', meaning: 'Go to the first frame', action: 'first-frame' },
  { keys: ['End'], label: 'End', meaning: 'Go to the last frame so far', action: 'last-frame' },
  {
    keys: ['s', 'S'],
    label: 'S',
    meaning: 'Switch between the stage and the sequence',
    action: 'toggle-view',
  },
  { keys: ['p', 'P'], label: 'P', meaning: 'Presenter mode on or off', action: 'toggle-presenter' },
  { keys: ['?'], label: '?', meaning: 'Show or hide this help', action: 'toggle-help' },
  { keys: ['Escape'], label: 'Esc', meaning: 'Close this help', action: 'close-help' },
]

/** Not keys, but listed with them so the overlay tells the whole story. */
export const POINTER_HINTS: ReadonlyArray<[string, string]> = [
  ['Click a phase letter', 'Toggle a breakpoint: playback stops when the run enters that phase'],
  ['Click an arrow', 'Open the exchange in the payload inspector'],
]

const TEXT_INPUT_TYPES = new Set([
  'text',
  'email',
  'password',
  'search',
  'url',
  'tel',
  'number',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
])

/**
 * Keys typed into a field belong to it. Space belongs only to fields that take text, so it plays
 * or pauses even with a button focused (Start's Space would otherwise restart the run); arrows,
 * Home, End and letters also stay with radios, checkboxes and selects, which move with them.
 */
export function isOwnedByTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false
  if (target.closest('textarea, [contenteditable="true"], [contenteditable=""]')) return true
  const input = target.closest('input')
  if (input && TEXT_INPUT_TYPES.has(input.type)) return true
  if (key === ' ') return false
  return input !== null || target.closest('select') !== null
}

export function shortcutFor(key: string): Shortcut | undefined {
  return SHORTCUTS.find((shortcut) => shortcut.keys.includes(key))
}
