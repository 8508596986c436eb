import { startTransition, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { Exchange, Step } from '../../trace/schema.ts'

/**
 * Up to this many step blocks every block is in the page, as it always was: a run's own sequence
 * (a few dozen steps) is drawn whole. Beyond it only the blocks in view and a margin are, so a step
 * of the cursor through a long trace lays out the same few blocks at step 3,000 as at step 30.
 * Our choice, like the network log's.
 */
const WHOLE_UP_TO = 60
/** Drawn beyond each edge of the view, so a quick scroll or a Tab to the next arrow finds it there. */
const MARGIN_PX = 600
/**
 * Blocks never measured that one drawing may add beyond the view. A step of the cursor brings one
 * or two; opening a long trace brings a whole window of them (some 20 blocks, over a hundred
 * elements, the largest part of that frame's work): the view's blocks are drawn first, the margin's
 * in a task of their own after that frame is on screen.
 */
const UNMEASURED_AT_ONCE = 4
/** Until a layout's drawings have shown one: a step note, and an exchange's two arrows. */
const GUESSED = { note: 34, across: 56, self: 56 } as const

/**
 * What a block is made of, for its guessed height: its note, and each exchange, whose two arrows
 * are drawn across lanes or, from a lane to itself, as a taller loop (46 and 66 px here).
 */
type Part = keyof typeof GUESSED
type Guess = Record<Part, number>
const partOf = (exchange: Exchange): Part => (exchange.from === exchange.to ? 'self' : 'across')

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

/** Which blocks to draw, and the room the blocks left out take above and below. */
export interface BlockWindow {
  start: number
  end: number
  above: number
  below: number
}

/**
 * What has been measured: each drawn block's height (per lane set and width, which wrap labels
 * differently), and the sizes unmeasured blocks are guessed from. The heights are kept summed, so
 * that a step of the cursor finds its window without adding up thousands of blocks again: only
 * from the first step that is not the one summed before (the step filling up at the cursor, or a
 * block measured anew) are the sums made again.
 */
class Heights {
  width = 0
  private readonly byLayout = new Map<string, WeakMap<Step, number>>()
  /**
   * Per layout, each part's height learnt from the first drawing that shows it (the mean of its
   * instances there) and then kept. A guess that changes moves every drawn block by its change
   * times the thousands of blocks above them, and so does a guess that is wrong for a block that
   * comes into the window above them. Both happened: taken anew from each drawing's first exchange
   * without laying the window out again, the guess left a 2,000-exchange trace opened at its end
   * laid out with an older guess than the next drawing's, and the first step back moved its rows
   * by 40,000 px; one guess for every exchange (loops are 20 px taller) moved them again each time
   * a block came in at the top, every other step, and the browser rasterised the whole panel anew.
   */
  private readonly guesses = new Map<string, Partial<Guess>>()
  /** sums[i]: the height of the blocks before step i of `summed`, for the layout `summedFor`. */
  private sums = new Float64Array(1024)
  private summed: readonly Step[] = []
  private summedFor = ''
  /** How many of `summed` the sums still hold for (a block measured anew lowers it). */
  private sumsHold = 0

  private measured(lanes: string): WeakMap<Step, number> {
    const key = `${this.width} ${lanes}`
    let heights = this.byLayout.get(key)
    if (!heights) this.byLayout.set(key, (heights = new WeakMap()))
    return heights
  }

  /** How many of `steps[start...end]` have not been drawn and measured yet (at this width and lanes). */
  unmeasured(steps: readonly Step[], start: number, end: number, lanes: string): number {
    const measured = this.measured(lanes)
    let count = 0
    for (let index = start; index < end; index++) if (!measured.has(steps[index]!)) count++
    return count
  }

  private guess(lanes: string): Guess {
    return { ...GUESSED, ...this.guesses.get(`${this.width} ${lanes}`) }
  }

  private heightOf(step: Step, measured: WeakMap<Step, number>, guess: Guess): number {
    const height = measured.get(step)
    if (height !== undefined) return height
    let guessed = guess.note
    for (const exchange of step.exchanges) guessed += guess[partOf(exchange)]
    return guessed
  }

  /**
   * The running sums of the steps' heights as drawn now, or as guessed: `steps.length + 1` of
   * them, the first 0, the last the whole height. Read at once: the next call writes over them.
   */
  sumsOf(steps: readonly Step[], lanes: string): ArrayLike<number> {
    const guess = this.guess(lanes)
    const layout = `${this.width} ${lanes} ${guess.note} ${guess.across} ${guess.self}`
    let same = layout === this.summedFor ? Math.min(this.sumsHold, steps.length) : 0
    // A pointer comparison per step: the steps a cursor has passed are the same objects.
    for (let index = 0; index < same; index++) if (steps[index] !== this.summed[index]) same = index
    if (this.sums.length <= steps.length) {
      const grown = new Float64Array(Math.max(steps.length + 1, this.sums.length * 2))
      grown.set(this.sums.subarray(0, same + 1))
      this.sums = grown
    }
    const measured = this.measured(lanes)
    const sums = this.sums
    for (let index = same; index < steps.length; index++)
      sums[index + 1] = sums[index]! + this.heightOf(steps[index]!, measured, guess)
    this.summed = steps
    this.summedFor = layout
    this.sumsHold = steps.length
    // A view of the sums, not a copy: a step of the cursor allocates nothing in proportion to the run.
    return sums.subarray(0, steps.length + 1)
  }

  /**
   * Records the drawn blocks, `steps[start...end]`; true when one differs from what the window was
   * laid out with (by more than rounding), or when it taught the layout a guess it lacked.
   */
  record(element: HTMLElement, steps: readonly Step[], start: number, end: number, lanes: string): boolean {
    if (!this.width) this.width = element.clientWidth
    // Sums made for other steps than these (a render not committed) are made again, all of them.
    if (steps !== this.summed) this.sumsHold = 0
    const blocks = [...element.querySelectorAll<HTMLElement>(':scope > ol > li')]
    const measured = this.measured(lanes)
    const drawn = steps.slice(start, end)
    const guess = this.guess(lanes)
    const used = drawn.map((step) => this.heightOf(step, measured, guess))
    const heights = blocks.map((block) => block.getBoundingClientRect().height)
    let changed = this.learn(blocks, heights, lanes)
    heights.forEach((height, index) => {
      const step = drawn[index]
      if (!step) return
      if (height !== used[index]) this.sumsHold = Math.min(this.sumsHold, start + index)
      if (Math.abs(height - used[index]!) > 0.5) changed = true
      measured.set(step, height)
    })
    return changed
  }

  /** Learns the parts this layout has no guess for yet from a drawing; true when a guess changed. */
  private learn(blocks: readonly HTMLElement[], heights: readonly number[], lanes: string): boolean {
    const key = `${this.width} ${lanes}`
    const known = this.guesses.get(key) ?? {}
    if (Object.keys(known).length === Object.keys(GUESSED).length) return false
    const seen: Record<Part, number[]> = { note: [], across: [], self: [] }
    blocks.forEach((block, index) => {
      let rows = 0
      for (const row of block.querySelectorAll<HTMLElement>(':scope > .exchange')) {
        const height = row.getBoundingClientRect().height
        seen[row.querySelector('.arrow-self') ? 'self' : 'across'].push(height)
        rows += height
      }
      // A block's note is what it holds besides its exchanges: the note and the block's padding.
      seen.note.push(heights[index]! - rows)
    })
    let changed = false
    for (const part of Object.keys(seen) as Part[]) {
      if (known[part] !== undefined || seen[part].length === 0) continue
      known[part] = sum(seen[part]) / seen[part].length
      changed ||= Math.abs(known[part] - GUESSED[part]) > 0.5
    }
    this.guesses.set(key, known)
    return changed
  }
}

/**
 * The window of step blocks to draw inside `scroller`. Blocks differ in height (a note and any
 * number of exchanges), so each is measured once drawn and the rest are guessed from the sizes
 * measured so far. When `cursorView` changes (the cursor moved) the window is the end of the list,
 * where the cursor's row always is (the steps end at the cursor), and the row marked `.fresh` is
 * scrolled into view, the page scrolling as little as it must; otherwise the window follows the
 * scroll position. A window of many blocks never drawn (a trace just opened, a far scroll) is
 * drawn in two parts: the view's blocks, then, after that frame, the margin's.
 */
export function useBlockWindow(
  scroller: RefObject<HTMLElement | null>,
  steps: readonly Step[],
  cursorView: unknown,
  lanes: string,
): BlockWindow {
  const [seen, setSeen] = useState({
    top: 0,
    height: 0,
    shown: undefined as unknown,
    measures: 0,
    /** The steps whose margin may now be drawn whole, measured or not: the second part's. */
    widened: undefined as unknown,
  })
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

  const { window, narrowed } = whole
    ? { window: { start: 0, end: steps.length, above: 0, below: 0 }, narrowed: false }
    : placeWindow(heights, steps, lanes, following ? undefined : seen, seen.widened === steps)
  const { start, end } = window

  // After each drawing: measure what was drawn (a layout read, as React's docs measure a tooltip),
  // follow the cursor, and draw again only if a block's height was not what the window assumed.
  // Following the cursor alone draws nothing more: the window already ends at the cursor's row, so
  // a step costs one drawing and one layout, not two.
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    // Drawing again with the heights measured: React's measure-then-render case for a layout
    // effect. While following, it goes on following (the window stays at the end): the scroll
    // position was set against the guessed heights, and taken as the reader's it would draw
    // another part of the run, then the end again once the browser had moved the scroll.
    const drawAgain = () =>
      setSeen((last) => ({
        ...last,
        top: element.scrollTop,
        height: element.clientHeight,
        measures: last.measures + 1,
      }))
    const changed = !whole && heights.record(element, steps, start, end, lanes)
    if (following) {
      element.querySelector('.fresh')?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
      followed.current = { view: cursorView, top: element.scrollTop }
    }
    if (changed) drawAgain()
  }, [scroller, whole, heights, steps, start, end, lanes, following, cursorView, seen])

  // The margin left out comes once this frame is on screen (the animation frame runs before it is
  // drawn; the transition's render in a task after it), as a render React may split and put off.
  useEffect(() => {
    if (!narrowed) return
    const frame = requestAnimationFrame(() =>
      startTransition(() => setSeen((last) => ({ ...last, widened: steps }))),
    )
    return () => cancelAnimationFrame(frame)
  }, [narrowed, steps])
  return window
}

/**
 * The window with its margin, or only the view when the margin would bring more blocks never
 * measured than one drawing should (unless `widened`, the second part's drawing).
 */
function placeWindow(
  heights: Heights,
  steps: readonly Step[],
  lanes: string,
  seen: { top: number; height: number } | undefined,
  widened: boolean,
): { window: BlockWindow; narrowed: boolean } {
  const sums = heights.sumsOf(steps, lanes)
  const window = windowOf(sums, seen)
  if (widened) return { window, narrowed: false }
  const view = windowOf(sums, seen, 0)
  const margin =
    heights.unmeasured(steps, window.start, view.start, lanes) +
    heights.unmeasured(steps, view.end, window.end, lanes)
  return margin > UNMEASURED_AT_ONCE ? { window: view, narrowed: true } : { window, narrowed: false }
}

/**
 * The blocks around the scrolled-to place, or the last ones (the cursor's) when following it, from
 * the running sums of their heights (`sums[i]`: the height of the blocks before block i).
 */
export function windowOf(
  sums: ArrayLike<number>,
  seen?: { top: number; height: number },
  margin = MARGIN_PX,
): BlockWindow {
  const count = sums.length - 1
  const total = sums[count]!
  const viewHeight = seen?.height || MARGIN_PX
  const top = seen ? seen.top : Math.max(0, total - viewHeight)
  const from = top - margin
  const to = seen ? top + viewHeight + margin : total
  // The first block that ends past `from` (the last one at least), then the first end at `to`.
  const start = Math.min(firstIndex(sums, 1, count, (sum) => sum > from) - 1, Math.max(0, count - 1))
  const end = Math.min(
    firstIndex(sums, start, count, (sum) => sum >= to),
    count,
  )
  return { start, end, above: sums[start]!, below: total - sums[end]! }
}

/** The first index in [low, high] whose sum passes `past` (sums never fall), or high + 1 when none does. */
function firstIndex(sums: ArrayLike<number>, low: number, high: number, past: (sum: number) => boolean) {
  let below = low
  let above = high + 1
  while (below < above) {
    const middle = (below + above) >> 1
    if (past(sums[middle]!)) above = middle
    else below = middle + 1
  }
  return below
}
