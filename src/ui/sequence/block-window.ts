import { useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { Step } from '../../trace/schema.ts'

/**
 * Up to this many step blocks every block is in the page, as it always was: a run's own sequence
 * (a few dozen steps) is drawn whole. Beyond it only the blocks in view and a margin are, so a step
 * of the cursor through a long trace lays out the same few blocks at step 3,000 as at step 30.
 * Our choice, like the network log's.
 */
const WHOLE_UP_TO = 60
/** Drawn beyond each edge of the view, so a quick scroll or a Tab to the next arrow finds it there. */
const MARGIN_PX = 600
/** Until a block has been measured: a step note, and an exchange's two arrows. */
const GUESSED = { note: 34, exchange: 56 }

/** Which blocks to draw, and the room the blocks left out take above and below. */
export interface BlockWindow {
  start: number
  end: number
  above: number
  below: number
}

/**
 * What has been measured: each drawn block's height (per lane set and width, which wrap labels
 * differently), and the sizes unmeasured blocks are guessed from.
 */
class Heights {
  width = 0
  private readonly byLayout = new Map<string, WeakMap<Step, number>>()
  private readonly guessed = { ...GUESSED }

  private measured(lanes: string): WeakMap<Step, number> {
    const key = `${this.width} ${lanes}`
    let heights = this.byLayout.get(key)
    if (!heights) this.byLayout.set(key, (heights = new WeakMap()))
    return heights
  }

  /** Every step's height as drawn now, or as guessed: one lookup of the layout, not one per step. */
  all(steps: readonly Step[], lanes: string): number[] {
    const measured = this.measured(lanes)
    const { note, exchange } = this.guessed
    return steps.map((step) => measured.get(step) ?? note + exchange * step.exchanges.length)
  }

  /** Records the drawn blocks; true when one differs from what the window was laid out with. */
  record(element: HTMLElement, drawn: readonly Step[], lanes: string): boolean {
    if (!this.width) this.width = element.clientWidth
    const blocks = element.querySelectorAll<HTMLElement>(':scope > ol > li')
    const exchange = element.querySelector<HTMLElement>('.exchange')?.getBoundingClientRect().height
    if (exchange) this.guessed.exchange = exchange
    const measured = this.measured(lanes)
    const used = this.all(drawn, lanes)
    let changed = false
    blocks.forEach((block, index) => {
      const step = drawn[index]
      if (!step) return
      const height = block.getBoundingClientRect().height
      if (Math.abs(height - used[index]!) > 0.5) changed = true
      measured.set(step, height)
      if (step.exchanges.length === 0) this.guessed.note = height
    })
    return changed
  }
}

/**
 * The window of step blocks to draw inside `scroller`. Blocks differ in height (a note and any
 * number of exchanges), so each is measured once drawn and the rest are guessed from the sizes
 * measured so far. When `cursorView` changes (the cursor moved) the window is the end of the list,
 * where the cursor's row always is (the steps end at the cursor), and the row marked `.fresh` is
 * scrolled into view, the page scrolling as little as it must; otherwise the window follows the
 * scroll position.
 */
export function useBlockWindow(
  scroller: RefObject<HTMLElement | null>,
  steps: readonly Step[],
  cursorView: unknown,
  lanes: string,
): BlockWindow {
  const [seen, setSeen] = useState({ top: 0, height: 0, shown: undefined as unknown, measures: 0 })
  const [heights] = useState(() => new Heights())
  // The cursor view last followed, and where that left the scroll: a scroll event from our own
  // scrolling changes nothing; one from the reader's makes the window follow the scroll position.
  const followed = useRef<{ view: unknown; top: number }>({ view: undefined, top: -1 })
  const whole = steps.length <= WHOLE_UP_TO
  const following = seen.shown !== cursorView

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element || whole) return
    const onScroll = () =>
      setSeen((last) =>
        (last.top === element.scrollTop || followed.current.top === element.scrollTop) &&
        last.height === element.clientHeight
          ? last
          : { ...last, top: element.scrollTop, height: element.clientHeight, shown: followed.current.view },
      )
    const resize = new ResizeObserver(() => {
      // A new width wraps labels differently: the heights measured at another width do not hold.
      heights.width = element.clientWidth
      setSeen((last) => ({ ...last, measures: last.measures + 1 }))
      onScroll()
    })
    element.addEventListener('scroll', onScroll, { passive: true })
    resize.observe(element)
    return () => {
      element.removeEventListener('scroll', onScroll)
      resize.disconnect()
    }
  }, [scroller, whole, heights])

  const window = whole
    ? { start: 0, end: steps.length, above: 0, below: 0 }
    : windowOf(heights.all(steps, lanes), following ? undefined : seen)
  const { start, end } = window

  // After each drawing: measure what was drawn (a layout read, as React's docs measure a tooltip),
  // follow the cursor, and draw again only if a block's height was not what the window assumed.
  // Following the cursor alone draws nothing more: the window already ends at the cursor's row, so
  // a step costs one drawing and one layout, not two.
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    // Drawing again with the heights measured: React's measure-then-render case for a layout effect.
    const drawAgain = () =>
      setSeen((last) => ({
        top: element.scrollTop,
        height: element.clientHeight,
        shown: following ? cursorView : last.shown,
        measures: last.measures + 1,
      }))
    const changed = !whole && heights.record(element, steps.slice(start, end), lanes)
    if (following) {
      element.querySelector('.fresh')?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
      followed.current = { view: cursorView, top: element.scrollTop }
    }
    if (changed) drawAgain()
  }, [scroller, whole, heights, steps, start, end, lanes, following, cursorView, seen])
  return window
}

/** The blocks around the scrolled-to place, or the last ones (the cursor's) when following it. */
function windowOf(heights: readonly number[], seen?: { top: number; height: number }): BlockWindow {
  const total = heights.reduce((sum, height) => sum + height, 0)
  const viewHeight = seen?.height || MARGIN_PX
  const top = seen ? seen.top : Math.max(0, total - viewHeight)
  const from = top - MARGIN_PX
  const to = seen ? top + viewHeight + MARGIN_PX : total
  let start = 0
  let above = 0
  while (start < heights.length - 1 && above + heights[start]! <= from) above += heights[start++]!
  let end = start
  let through = above
  while (end < heights.length && through < to) through += heights[end++]!
  return { start, end, above, below: total - through }
}
