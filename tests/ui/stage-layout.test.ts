import { describe, expect, it } from 'vitest'
import { AFTER_JOIN_SCENARIOS, SCENARIOS } from '../../machines/index.ts'
import { BOX, layoutActors, layoutArrows, nearBox, VIEW } from '../../src/ui/stage/layout.ts'

describe('stage layout from the scenario registry', () => {
  for (const scenario of [...SCENARIOS, ...AFTER_JOIN_SCENARIOS]) {
    it(`${scenario.id}${scenario.afterJoin ? ' (after the join)' : ''}: one arrow per phase, between actors the flow has, every box on the stage and apart`, () => {
      const places = layoutActors(scenario.lanes)
      const arrows = layoutArrows(scenario.stage, scenario.phases, places)
      expect(arrows.map((arrow) => arrow.phase).sort()).toEqual([...scenario.phases].sort())
      for (const { arrow } of arrows) {
        expect(scenario.lanes).toContain(arrow.from)
        expect(scenario.lanes).toContain(arrow.to)
      }
      const boxes = [...places.values()]
      expect(boxes).toHaveLength(scenario.lanes.length)
      for (const box of boxes) {
        expect(box.x - BOX.width / 2).toBeGreaterThanOrEqual(0)
        expect(box.x + BOX.width / 2).toBeLessThanOrEqual(VIEW.width)
        expect(box.y - BOX.height / 2).toBeGreaterThanOrEqual(0)
        expect(box.y + BOX.height / 2).toBeLessThanOrEqual(VIEW.height)
      }
      for (const [index, a] of boxes.entries())
        for (const b of boxes.slice(index + 1))
          expect(Math.abs(a.x - b.x) >= BOX.width || Math.abs(a.y - b.y) >= BOX.height).toBe(true)
      // No letter on a box (the badge's edge included).
      for (const { phase, letter } of arrows)
        for (const [lane, box] of places) expect(nearBox(letter, box), `${phase} on ${lane}`).toBe(false)
      // No two letters on top of each other.
      for (const [index, a] of arrows.entries())
        for (const b of arrows.slice(index + 1))
          expect(Math.hypot(a.letter.x - b.letter.x, a.letter.y - b.letter.y)).toBeGreaterThan(30)
    })
  }
})
