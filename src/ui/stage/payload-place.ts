import { useLayoutEffect, type RefObject } from 'react'

/** Where the current arrow's label may sit around its letter, in order of preference. */
export const SIDES = ['right', 'left', 'below', 'above'] as const
export type Side = (typeof SIDES)[number]

/** A box in the page's pixels. */
export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/**
 * The label's gap from its letter, in ems of the label's font: beside it, then above or below it.
 * stage.css places the label with the same numbers (`calc(100% + 0.3em)`, `calc(100% + 0.2em)`);
 * the stage's browser test checks that each box worked out here is where the browser drew it.
 */
const GAP_BESIDE_EM = 0.3
const GAP_ABOVE_BELOW_EM = 0.2

/**
 * Puts the current (or failed) phase's label on the side of its letter where it covers the least of
 * the actors' boxes and the other letters, and stays inside the stage. Measured after layout, since
 * the label's length depends on the text and the page's scale (presenter mode), not on stage units:
 * the letter and the label once, the four sides worked out from that (the label is the same size on
 * every side), so a step of the cursor lays the page out once, not once per side tried.
 */
export function usePayloadClear(canvas: RefObject<HTMLElement | null>, view: unknown): void {
  useLayoutEffect(() => {
    const root = canvas.current
    if (!root) return
    const place = () => {
      for (const mark of root.querySelectorAll<HTMLElement>('.stage-phase[data-at-cursor="true"]'))
        placeLabel(root, mark)
    }
    place()
    window.addEventListener('resize', place)
    return () => window.removeEventListener('resize', place)
  }, [canvas, view])
}

function placeLabel(root: HTMLElement, mark: HTMLElement): void {
  const label = mark.querySelector<HTMLElement>('.stage-payload')
  if (!label) return
  const obstacles = [
    ...root.querySelectorAll<Element>('.stage-box'),
    ...[...root.querySelectorAll<HTMLElement>('.stage-phase')].filter((other) => other !== mark),
  ].map((element) => element.getBoundingClientRect())
  // The stage panel, not the drawing: loops and labels may use its margin round the drawing.
  const stage = (root.parentElement ?? root).getBoundingClientRect()
  const { width, height } = label.getBoundingClientRect()
  const em = parseFloat(getComputedStyle(label).fontSize)
  const side = clearestSide(labelBoxes(mark.getBoundingClientRect(), { width, height }, em), obstacles, stage)
  // Set only when it moves: setting it restyles the label.
  if ((mark.dataset.side ?? 'right') !== side) mark.dataset.side = side
}

/** Where a label of `size` sits on each side of its letter, as stage.css places it. */
export function labelBoxes(
  letter: Box,
  size: { width: number; height: number },
  em: number,
): Record<Side, Box> {
  const beside = GAP_BESIDE_EM * em
  const aboveBelow = GAP_ABOVE_BELOW_EM * em
  const middle = (letter.top + letter.bottom) / 2
  const centre = (letter.left + letter.right) / 2
  const across = (left: number, top: number): Box => ({
    left,
    top,
    right: left + size.width,
    bottom: top + size.height,
  })
  return {
    right: across(letter.right + beside, middle - size.height / 2),
    left: across(letter.left - beside - size.width, middle - size.height / 2),
    below: across(centre - size.width / 2, letter.bottom + aboveBelow),
    above: across(centre - size.width / 2, letter.top - aboveBelow - size.height),
  }
}

/**
 * The side whose box covers the least of the obstacles and sticks out of the stage the least; on a
 * tie, the first in SIDES' order.
 */
export function clearestSide(boxes: Record<Side, Box>, obstacles: readonly Box[], stage: Box): Side {
  let best: { side: Side; cost: number } | undefined
  for (const side of SIDES) {
    const box = boxes[side]
    const outside = area(box) - overlap(box, stage)
    const cost = obstacles.reduce((sum, other) => sum + overlap(box, other), 0) + outside
    if (!best || cost < best.cost) best = { side, cost }
    if (cost === 0) break
  }
  return best?.side ?? 'right'
}

const area = (box: Box): number => (box.right - box.left) * (box.bottom - box.top)

function overlap(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left)
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
  return width > 0 && height > 0 ? width * height : 0
}
