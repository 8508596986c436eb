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
 * every side), so a step of the cursor lays the page out once, not once per side tried. Placed
 * again when the cursor rests, since the drawing is fitted to the window again then.
 */
export function usePayloadClear(canvas: RefObject<HTMLElement | null>, view: unknown, rested: unknown): void {
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
  }, [canvas, view, rested])
}

function placeLabel(root: HTMLElement, mark: HTMLElement): void {
  const label = mark.querySelector<HTMLElement>('.stage-payload')
  if (!label) return
  // Measured at its natural width: a room left from the letter before is not this one's.
  if (mark.style.getPropertyValue(ROOM)) mark.style.removeProperty(ROOM)
  const obstacles = [
    ...root.querySelectorAll<Element>('.stage-box'),
    ...[...root.querySelectorAll<HTMLElement>('.stage-phase')].filter((other) => other !== mark),
  ].map((element) => element.getBoundingClientRect())
  // The stage panel, not the drawing: loops and labels may use its margin round the drawing.
  const panel = root.parentElement ?? root
  const stage = panel.getBoundingClientRect()
  const { width, height } = label.getBoundingClientRect()
  const style = getComputedStyle(label)
  const em = parseFloat(style.fontSize)
  const boxes = labelBoxes(mark.getBoundingClientRect(), { width, height }, em)
  const side = clearestSide(boxes, obstacles, stage)
  // Set only when it moves: setting it restyles the label.
  if ((mark.dataset.side ?? 'right') !== side) mark.dataset.side = side
  const room = roomAcross(boxes[side], side, stage, panel.clientLeft + GAP_BESIDE_EM * em)
  // The room is for the label's box; its max-width holds the text inside the padding. Never
  // narrower than a few words, even when the letter itself sits at the stage's edge.
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)
  if (room < width)
    mark.style.setProperty(ROOM, `${Math.floor(Math.max(room - padding, MIN_ROOM_EM * em))}px`)
}

/** The label's width limit when its side has less room than it wants (stage.css reads it). */
const ROOM = '--payload-room'
const MIN_ROOM_EM = 5

/**
 * How wide a label placed at `box` on `side` may be and stay inside `stage` with `margin` to spare:
 * a label beside its letter grows away from it, one above or below grows both ways from its centre.
 * At 1280×720 in presenter mode a two-line label left of its letter ran 8 px over the stage's border.
 */
function roomAcross(box: Box, side: Side, stage: Box, margin: number): number {
  const left = stage.left + margin
  const right = stage.right - margin
  if (side === 'right') return right - box.left
  if (side === 'left') return box.right - left
  const centre = (box.left + box.right) / 2
  return 2 * Math.min(centre - left, right - centre)
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
