import { THEMES, type LinkDisplay, type Theme } from '../routing/route.ts'

const VIEWS = ['stage', 'sequence'] as const
/** The big picture (one arrow per phase) or every exchange as a request and a response. */
export type FlowView = (typeof VIEWS)[number]

/** What the page remembers between visits: the look, and which view of the flow. */
export interface DisplayChoices {
  theme: Theme
  presenter: boolean
  /** Unset: the stage in presenter mode, the sequence otherwise. */
  view?: FlowView
}

export const DISPLAY_STORAGE_KEY = 'device-join-tracer.display'
/** A first visit's look, which index.html's prerendered first screen shows. */
export const DEFAULT_DISPLAY: DisplayChoices = { theme: 'system', presenter: false }

/** `value` when it is one of `allowed`, else `fallback`. */
function oneOf<T>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback
}

/** The stored choices, validated on read; anything unreadable falls back to the defaults. */
export function readChoices(storage: Pick<Storage, 'getItem'> | undefined): DisplayChoices {
  let raw: unknown
  try {
    raw = JSON.parse(storage?.getItem(DISPLAY_STORAGE_KEY) ?? 'null')
  } catch {
    return DEFAULT_DISPLAY
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return DEFAULT_DISPLAY
  // Three fields, each from a short list, checked on its own: one bad value (an older version, a
  // hand edit) loses only itself. No schema library here: this runs on the first screen, and
  // zod/mini's core was the largest thing its entry evaluated after React.
  const stored = raw as Record<string, unknown>
  const theme = oneOf(THEMES, stored.theme, DEFAULT_DISPLAY.theme)
  const presenter = oneOf([true, false], stored.presenter, DEFAULT_DISPLAY.presenter)
  const view = oneOf([...VIEWS, undefined], stored.view, undefined)
  return view ? { theme, presenter, view } : { theme, presenter }
}

export function writeChoices(storage: Pick<Storage, 'setItem'> | undefined, choices: DisplayChoices): void {
  try {
    storage?.setItem(DISPLAY_STORAGE_KEY, JSON.stringify(choices))
  } catch {
    // Storage full or refused (a private window): the choices last until the page closes.
  }
}

/** What a link says wins over what was stored; the rest comes from storage. */
export function initialChoices(stored: DisplayChoices, link: LinkDisplay | undefined): DisplayChoices {
  return { ...stored, ...link }
}

export function viewOf(choices: DisplayChoices): FlowView {
  return choices.view ?? (choices.presenter ? 'stage' : 'sequence')
}
