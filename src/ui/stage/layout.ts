import type { StageArrow } from '../../../machines/index.ts'
import type { Lane } from '../../trace/lanes.ts'
import type { PhaseLetter } from '../../trace/phases.ts'

/** The stage's drawing units; the SVG scales them, and HTML labels sit at the same percentages. */
export const VIEW = { width: 1000, height: 500 } as const
export const BOX = { width: 240, height: 84 } as const

export interface Point {
  x: number
  y: number
}

/** Where each actor stands: the device, on-premises, or the cloud. */
const SITE: Record<Lane, 'device' | 'onprem' | 'cloud'> = {
  device: 'device',
  'onprem-ad': 'onprem',
  adfs: 'onprem',
  'aad-connect': 'onprem',
  'azure-ad': 'cloud',
  drs: 'cloud',
  mdm: 'cloud',
}
// AD FS before on-premises AD: Azure AD Connect's arrow to AD (write-back) then runs between
// neighbours instead of through the AD FS box.
const ORDER: readonly Lane[] = ['device', 'adfs', 'onprem-ad', 'aad-connect', 'azure-ad', 'drs', 'mdm']

/**
 * The actors as the seed's figures place them: the device on the left with room above it for the
 * loops of its own work; the cloud services up and to the right; on-premises services (hybrid
 * flows) along the bottom, so arrows to the cloud and to the premises never cross a box. A cloud
 * join stacks its services down the right-hand side instead, with AD FS, if any, under the middle.
 */
export function layoutActors(lanes: readonly Lane[]): Map<Lane, Point> {
  const cloud = ORDER.filter((lane) => lanes.includes(lane) && SITE[lane] === 'cloud')
  const onprem = ORDER.filter((lane) => lanes.includes(lane) && SITE[lane] === 'onprem')
  const places = new Map<Lane, Point>()
  const left = BOX.width / 2 + 12
  const right = VIEW.width - left
  if (onprem.length <= 1) {
    // A cloud join: the cloud down the right; a lone AD FS (federated) under the middle.
    places.set('device', { x: left, y: Math.round(VIEW.height * 0.55) })
    spread(cloud, places, (share) => ({ x: right, y: VIEW.height * (share * 1.1 - 0.05) }))
    for (const lane of onprem) places.set(lane, { x: VIEW.width / 2, y: VIEW.height - BOX.height / 2 - 8 })
    return places
  }
  places.set('device', { x: left, y: Math.round(VIEW.height * 0.5) })
  const from = left + BOX.width * 0.75
  const row = (y: number) => (share: number) => ({ x: from + (right - from) * share, y })
  spread(cloud, places, row(BOX.height / 2 + 16), true)
  // The premises' row starts under the device: three services there need the whole width.
  const premises = (share: number) => ({
    x: left + (right - left) * share,
    y: VIEW.height - BOX.height / 2 - 16,
  })
  spread(onprem, places, onprem.length > 2 ? premises : row(VIEW.height - BOX.height / 2 - 16), true)
  return places
}

/**
 * Places lanes evenly along a line, at shares of it: from end to end when `ends` (a row), else
 * each in its own slice (1/(n+1), 2/(n+1), …); a lone lane takes the middle.
 */
function spread(
  lanes: readonly Lane[],
  places: Map<Lane, Point>,
  at: (share: number) => Point,
  ends = false,
): void {
  lanes.forEach((lane, index) => {
    const share = ends && lanes.length > 1 ? index / (lanes.length - 1) : (index + 1) / (lanes.length + 1)
    places.set(lane, rounded(at(share)))
  })
}

/** A phase's arrow, ready to draw: its path, where its letter sits, and its payload's name. */
export interface PhaseArrow {
  phase: PhaseLetter
  arrow: StageArrow
  path: string
  letter: Point
  loop: boolean
}

/**
 * One arrow per phase. Arrows between the same two actors run side by side, far enough apart that
 * their letters fit between them; the device's own work (from === to) is drawn as nested loops on
 * the device. Each letter then takes the first spot along its arrow that is clear of every box and
 * of the letters placed before it, so letters never pile up where arrows fan out of one actor.
 */
export function layoutArrows(
  stage: Partial<Record<PhaseLetter, StageArrow>>,
  phases: readonly PhaseLetter[],
  places: ReadonlyMap<Lane, Point>,
): PhaseArrow[] {
  const groups = new Map<string, PhaseLetter[]>()
  for (const phase of phases) {
    const arrow = stage[phase]
    if (!arrow) continue
    const key = arrow.from === arrow.to ? `loop:${arrow.from}` : [arrow.from, arrow.to].sort().join('|')
    groups.set(key, [...(groups.get(key) ?? []), phase])
  }
  const arrows: PhaseArrow[] = []
  const taken: Point[] = []
  // Loops first: their letters have one place each, on the loop's crown.
  const ordered = [...groups.values()].sort((a, b) => loopFirst(stage, a) - loopFirst(stage, b))
  for (const group of ordered)
    group.forEach((phase, index) => {
      const arrow = stage[phase]!
      const from = places.get(arrow.from)
      const to = places.get(arrow.to)
      if (!from || !to) return
      const drawn =
        arrow.from === arrow.to
          ? loopAt(from, index)
          : lineBetween(from, to, arrow, index, group.length, places, taken)
      taken.push(drawn.letter)
      arrows.push({ phase, arrow, loop: arrow.from === arrow.to, ...drawn })
    })
  return arrows.sort((a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase))
}

function loopFirst(stage: Partial<Record<PhaseLetter, StageArrow>>, group: readonly PhaseLetter[]): number {
  const arrow = stage[group[0]!]
  return arrow && arrow.from === arrow.to ? 0 : 1
}

/** Space between side-by-side arrows, and the room a letter's badge takes, in stage units. */
const GAP = 58
const LETTER_ROOM = 72
const MAX_SHIFT = BOX.height / 2 + 6

/** Shares of an arrow's length tried for its letter, from the middle outwards. */
const ALONG = [0.5, 0.62, 0.38, 0.74, 0.26, 0.84, 0.16, 0.9]

function lineBetween(
  from: Point,
  to: Point,
  arrow: StageArrow,
  index: number,
  count: number,
  places: ReadonlyMap<Lane, Point>,
  taken: readonly Point[],
): { path: string; letter: Point } {
  // Offsets are measured in one direction for the pair, so A→B and B→A never overlap.
  const [a, b] = arrow.from < arrow.to ? [from, to] : [to, from]
  const length = Math.hypot(b.x - a.x, b.y - a.y)
  const normal = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length }
  // The outermost arrows of a group stay within a box's half-height of the centres, so each ends on
  // its own box and not beside the next one (three or four share a pair once a cloud flow goes on
  // past the join).
  const gap = count > 1 ? Math.min(GAP, (2 * MAX_SHIFT) / (count - 1)) : GAP
  const shift = (index - (count - 1) / 2) * gap
  const start = trim(shifted(from, normal, shift), shifted(to, normal, shift))
  const end = trim(shifted(to, normal, shift), shifted(from, normal, shift))
  const at = (share: number) => ({
    x: start.x + (end.x - start.x) * share,
    y: start.y + (end.y - start.y) * share,
  })
  // Clear of every box, and as far from the other letters as it can be, up to a badge's room.
  const room = (point: Point) =>
    [...places.values()].some((box) => nearBox(point, box))
      ? -1
      : Math.min(LETTER_ROOM, ...taken.map((other) => Math.hypot(point.x - other.x, point.y - other.y)))
  const share = ALONG.reduce((best, share) => (room(at(share)) > room(at(best)) ? share : best))
  return { path: `M ${r(start.x)} ${r(start.y)} L ${r(end.x)} ${r(end.y)}`, letter: rounded(at(share)) }
}

/** Whether a letter's badge centred at `point` would touch the box centred at `box`. */
export function nearBox(point: Point, box: Point, room = LETTER_ROOM / 2): boolean {
  return Math.abs(point.x - box.x) < BOX.width / 2 + room && Math.abs(point.y - box.y) < BOX.height / 2 + room
}

/** The part of the line between two actors' centres that lies outside both boxes. */
export function edgeToEdge(from: Point, to: Point): { start: Point; end: Point } {
  return { start: rounded(trim(from, to)), end: rounded(trim(to, from)) }
}

/** Nested loops standing on an actor: the nth is wider and taller than the one before. */
function loopAt(centre: Point, index: number): { path: string; letter: Point } {
  const y = centre.y - BOX.height / 2
  const half = 22 + index * 30
  const height = 60 + index * 80
  const path = `M ${r(centre.x - half)} ${y} C ${r(centre.x - half)} ${y - height}, ${r(centre.x + half)} ${y - height}, ${r(centre.x + half)} ${y}`
  return { path, letter: { x: centre.x, y: r(y - height * 0.75) } }
}

function shifted(point: Point, normal: Point, by: number): Point {
  return { x: point.x + normal.x * by, y: point.y + normal.y * by }
}

/** The point where the line from `from` towards `to` leaves `from`'s box. */
function trim(from: Point, to: Point): Point {
  const dx = to.x - from.x
  const dy = to.y - from.y
  const scale = Math.min(
    dx === 0 ? Infinity : (BOX.width / 2 + 6) / Math.abs(dx),
    dy === 0 ? Infinity : (BOX.height / 2 + 6) / Math.abs(dy),
  )
  return { x: from.x + dx * scale, y: from.y + dy * scale }
}

function r(value: number): number {
  return Math.round(value * 10) / 10
}

function rounded(point: Point): Point {
  return { x: r(point.x), y: r(point.y) }
}

/** A position as CSS percentages of the stage, for the HTML laid over the SVG. */
export function percent(point: Point): { left: string; top: string } {
  return { left: `${(point.x / VIEW.width) * 100}%`, top: `${(point.y / VIEW.height) * 100}%` }
}
