import { useLayoutEffect, type RefObject } from 'react'

/** Below this the rows would show less than a step; the page scrolls instead, as outside presenter mode. */
const MIN_HEIGHT_PX = 160
/** Breathing room under the panel's bottom edge. */
const GAP_PX = 8

/**
 * While `on` (presenter mode), the scroller ends at the window's bottom edge when the page is at its
 * top: following the cursor then scrolls only the rows, never the page, and the narration above
 * stays on screen. With a fixed height the rows ran past the window, and bringing the cursor's row
 * into view scrolled the page down until the narration left it (475 px at step 13 of
 * aadj-federated-happy at 1280×720).
 *
 * Call it before the hook that follows the cursor: its layout effect then fits the rows to the
 * narration the same commit drew, before the cursor's row is scrolled to (a narration a line taller
 * would otherwise push the rows' bottom past the window for that one scroll, and the page with it).
 * Refitted too when something above changes height outside a commit of this view (the narration
 * coming to rest, a prompt, the outcome banner) and when the window is resized.
 */
export function useFitToWindow(scroller: RefObject<HTMLElement | null>, on: boolean): void {
  useLayoutEffect(() => {
    if (on && scroller.current) fitRows(scroller.current)
  })
  useLayoutEffect(() => {
    const element = scroller.current
    if (!on || !element || typeof ResizeObserver !== 'function') return
    const refit = () => fitRows(element)
    const observer = new ResizeObserver(refit)
    for (const above of everythingAbove(element)) observer.observe(above)
    window.addEventListener('resize', refit)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', refit)
      element.style.removeProperty('max-height')
    }
  }, [scroller, on])
}

/** Sets the scroller's max-height so the panel ends just above the window's bottom edge at scroll 0. */
function fitRows(element: HTMLElement): void {
  const box = element.getBoundingClientRect()
  const panelBottom = element.parentElement?.getBoundingClientRect().bottom ?? box.bottom
  const room = window.innerHeight - (box.top + window.scrollY) - (panelBottom - box.bottom) - GAP_PX
  const height = `${Math.max(MIN_HEIGHT_PX, Math.floor(room))}px`
  // Only a change is written: the same value written again would still invalidate the layout.
  if (element.style.getPropertyValue('max-height') !== height) element.style.setProperty('max-height', height)
}

/** The elements before `element` in the document's flow: its earlier siblings and its ancestors' earlier siblings. */
function everythingAbove(element: Element): Element[] {
  const above: Element[] = []
  for (let node: Element | null = element; node && node !== document.body; node = node.parentElement)
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling)
      above.push(sibling)
  return above
}
