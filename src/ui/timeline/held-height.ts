import { useLayoutEffect, useRef, type RefObject } from 'react'

/**
 * While `holding` (the cursor is moving), `element` keeps the tallest height it has had since the
 * cursor last rested; at rest it takes its own height again. The narration sits above the
 * workspace: a one-line narration after a three-line one would move every panel below it up, and
 * the next step down again, and each move repaints and re-rasterises all of them (measured in
 * docs/performance.md, "What moved on every step"). Held, a run of steps moves nothing below it.
 */
export function useHeldHeight(element: RefObject<HTMLElement | null>, holding: boolean): void {
  const held = useRef({ tallest: 0, holding })

  // In the commit, before the browser lays the new text out, so a shorter text never shows shrunk.
  useLayoutEffect(() => {
    const box = element.current
    held.current.holding = holding
    if (!box) return
    holdAt(box, holding ? held.current.tallest : 0)
  }, [element, holding])

  useLayoutEffect(() => {
    const box = element.current
    if (!box || typeof ResizeObserver !== 'function') return
    // Fires once laid out, before paint: a taller text raises the height held from then on. The
    // content box's height, which is what min-height sets (the page's boxes are content-box).
    const observer = new ResizeObserver(([entry]) => {
      const height = entry?.contentBoxSize[0]?.blockSize
      if (height === undefined) return
      const state = held.current
      if (!state.holding) {
        state.tallest = height
        return
      }
      if (height <= state.tallest) return
      state.tallest = height
      holdAt(box, height)
    })
    observer.observe(box)
    return () => observer.disconnect()
  }, [element])
}

/** Sets the height held (a min-height, in the element's own style), or lets it go with 0. */
function holdAt(box: HTMLElement, height: number): void {
  if (height) box.style.setProperty('min-height', `${height}px`)
  else box.style.removeProperty('min-height')
}
