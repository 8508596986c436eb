/**
 * Whether the first screen prerendered into index.html is the screen this visit opens: the tracer
 * page (no story, gallery or look in the link) with the default look (nothing stored, or exactly
 * the defaults). Anything else renders from scratch, so no wrong content can flash.
 *
 * It runs twice: inline in index.html's head, before anything paints, and in main.tsx to choose
 * between hydrating and rendering. So it stands alone: no imports, nothing from outside but its
 * arguments and the page's globals.
 */
export function prerenderHolds(storageKey: string, defaults: object): boolean {
  try {
    if (!/^#?\/?$/.test(window.location.hash)) return false
    const stored: unknown = JSON.parse(window.localStorage.getItem(storageKey) ?? 'null')
    if (stored === null) return true
    if (typeof stored !== 'object' || Array.isArray(stored)) return false
    const keys = new Set([...Object.keys(defaults), ...Object.keys(stored)])
    const [want, have] = [defaults as Record<string, unknown>, stored as Record<string, unknown>]
    return [...keys].every((key) => have[key] === want[key])
  } catch {
    // Storage refused (a private window, a sandbox): the page renders from scratch.
    return false
  }
}
