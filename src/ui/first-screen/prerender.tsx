// Build time, in Node (vite.config.ts loads it): the first screen as a first visit opens it,
// written into index.html so the page paints as soon as its HTML and CSS arrive, before any
// script has run; main.tsx then hydrates it instead of building it again.
import { prerender } from 'react-dom/static'
import { DEFAULT_DISPLAY, DISPLAY_STORAGE_KEY } from '../display/display-choices.ts'
import { Page } from './Page.tsx'
import { prerenderHolds } from './prerender-holds.ts'
import { startAfterFirstPaint } from './start-after-paint.ts'
import { FIRST_SCREEN_FONTS, warmFonts } from './warm-fonts.ts'

/** Never called: nothing on the first screen runs a flow before the page is hydrated. */
const NO_SERVICES = {
  useTenant: () => Promise.reject(new Error('The prerendered page has no emulated services.')),
}

/**
 * The first screen's markup (waiting for every lazy part, such as the network log's code), and the
 * head script that hides it before the first paint on a visit it does not stand for and resolves its
 * fonts ahead of its first layout (warm-fonts.ts).
 */
export async function firstScreen(): Promise<{ markup: string; headScript: string }> {
  const { prelude } = await prerender(<Page services={NO_SERVICES} />)
  const markup = await new Response(prelude).text()
  const holds = `(${prerenderHolds.toString()})(${JSON.stringify(DISPLAY_STORAGE_KEY)}, ${JSON.stringify(DEFAULT_DISPLAY)})`
  const fonts = `(${warmFonts.toString()})(${JSON.stringify(FIRST_SCREEN_FONTS)})`
  const headScript = `if (!${holds}) document.documentElement.dataset.prerender = 'stale';\n${fonts}`
  return { markup, headScript }
}

/** The latest the entry module waits for the first paint to be reported (see start-after-paint.ts). */
const LATEST_START_MS = 5000

/**
 * The inline module script that starts the app after the first paint, in place of the entry's
 * script tag and its modulepreload links (URLs as the build wrote them, relative to the page).
 */
export function startScript(entry: string, preloads: readonly string[]): string {
  return `(${startAfterFirstPaint.toString()})(${JSON.stringify(entry)}, ${JSON.stringify(preloads)}, ${LATEST_START_MS})`
}
