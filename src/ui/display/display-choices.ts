// zod/mini: the first screen reads these, and the full build of zod is several times its size.
import * as z from 'zod/mini'
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

// Each field on its own: one bad value (an older version, a hand edit) loses only itself.
const STORED = z.object({
  theme: z.catch(z.enum(THEMES as [Theme, ...Theme[]]), DEFAULT_DISPLAY.theme),
  presenter: z.catch(z.boolean(), DEFAULT_DISPLAY.presenter),
  view: z.catch(z.optional(z.enum(VIEWS)), undefined),
})

/** The stored choices, validated on read; anything unreadable falls back to the defaults. */
export function readChoices(storage: Pick<Storage, 'getItem'> | undefined): DisplayChoices {
  let raw: unknown
  try {
    raw = JSON.parse(storage?.getItem(DISPLAY_STORAGE_KEY) ?? 'null')
  } catch {
    return DEFAULT_DISPLAY
  }
  const parsed = STORED.safeParse(raw)
  if (!parsed.success) return DEFAULT_DISPLAY
  const { view, ...rest } = parsed.data
  return view ? { ...rest, view } : rest
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
