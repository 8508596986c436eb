import { useLayoutEffect, useState, type RefObject } from 'react'

/**
 * Below this many rows every row is in the page, as it always was: a run's own log (a few dozen
 * exchanges) is drawn whole. Above it only the rows in view and a margin are, so a step of the
 * cursor through a long trace costs the same at exchange 2,000 as at exchange 20. Our choice.
 */
const WHOLE_UP_TO = 80
/** Rows drawn beyond each edge of the view, so a quick scroll or a Tab to the next row finds it drawn. */
const MARGIN = 20
/** Until a row has been measured: a row of the log at the body text size, ~1.4rem. */
const GUESSED_ROW_PX = 22

/** Whether a log of `count` rows is drawn whole, wherever it is: a short log always is. */
export const drawsWhole = (count: number): boolean => count <= WHOLE_UP_TO

/** Which rows of a scrolled list to draw, and the room the rows left out would take above and below. */
export interface RowWindow {
  start: number
  end: number
  above: number
  below: number
}

/**
 * The window of `count` rows to draw inside `scroller`, following its scroll position and height.
 * The height of a row is measured from the first drawn one (the log's rows are one line each). A
 * long log out of the page's view (`near` false: the log sits below the first screen) draws no row
 * at all, only the room they take, until it comes near.
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  near: boolean,
): RowWindow {
  const [view, setView] = useState({ top: 0, height: 0, row: GUESSED_ROW_PX })
  const whole = drawsWhole(count)
  useLayoutEffect(() => {
    const element = scroller.current
    // Measuring a log out of view would lay out the page for nothing: it is measured when it comes.
    if (!element || whole || !near) return
    const measure = () => {
      const drawn = element.querySelector<HTMLElement>('tbody tr:not([data-spacer])')
      const row = drawn?.getBoundingClientRect().height || GUESSED_ROW_PX
      setView((last) =>
        last.top === element.scrollTop && last.height === element.clientHeight && last.row === row
          ? last
          : { top: element.scrollTop, height: element.clientHeight, row },
      )
    }
    measure()
    element.addEventListener('scroll', measure, { passive: true })
    const resize = new ResizeObserver(measure)
    resize.observe(element)
    return () => {
      element.removeEventListener('scroll', measure)
      resize.disconnect()
    }
  }, [scroller, whole, near])
  if (whole) return { start: 0, end: count, above: 0, below: 0 }
  if (!near) return { start: 0, end: 0, above: 0, below: count * view.row }
  const first = Math.floor(view.top / view.row)
  const start = Math.max(0, Math.min(first, count) - MARGIN)
  const end = Math.min(count, first + Math.ceil(view.height / view.row) + MARGIN)
  return { start, end, above: start * view.row, below: (count - end) * view.row }
}

/** Node (the unit tests, the build's prerender) has no IntersectionObserver. */
const CANNOT_TELL = typeof IntersectionObserver === 'undefined'

/**
 * Whether `target` is in the page's view or within 200 px of it, as the browser reports it
 * (IntersectionObserver). A new `key` (a new run in the log) asks afresh: what was near before
 * may be far now that the run above it has grown the page, so until the browser has answered
 * again, after the next layout, it is not near. Where nothing can tell, it is near.
 */
export function useNearView(target: RefObject<HTMLElement | null>, key: unknown): boolean {
  const [seen, setSeen] = useState({ key, near: CANNOT_TELL })
  // A new key forgets the last answer before this render draws anything with it.
  if (seen.key !== key) setSeen({ key, near: CANNOT_TELL })
  useLayoutEffect(() => {
    const element = target.current
    if (!element || CANNOT_TELL) return
    const observer = new IntersectionObserver(
      (entries) => {
        const near = entries.at(-1)?.isIntersecting ?? false
        setSeen((last) => (last.key === key && last.near === near ? last : { key, near }))
      },
      { rootMargin: '200px 0px' },
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [target, key])
  return seen.key === key && seen.near
}
