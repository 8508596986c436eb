import { useLayoutEffect, type RefObject } from 'react'

/** Where the current arrow's label may sit around its letter, tried in this order. */
const SIDES = ['right', 'left', 'below', 'above'] as const
type Side = (typeof SIDES)[number]

/**
 * Puts the current (or failed) phase's label on the side of its letter where it covers the least of
 * the actors' boxes and the other letters, and stays inside the stage. Measured after layout, since
 * the label's length depends on the text and the page's scale (presenter mode), not on stage units.
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
  let best: { side: Side; cost: number } | undefined
  for (const side of SIDES) {
    mark.dataset.side = side
    const box = label.getBoundingClientRect()
    const outside = box.width * box.height - overlap(box, stage)
    const cost = obstacles.reduce((sum, other) => sum + overlap(box, other), 0) + outside
    if (!best || cost < best.cost) best = { side, cost }
    if (cost === 0) break
  }
  mark.dataset.side = best?.side ?? 'right'
}

function overlap(a: DOMRect, b: DOMRect): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left)
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
  return width > 0 && height > 0 ? width * height : 0
}
