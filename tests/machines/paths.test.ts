import { describe, expect, it } from 'vitest'
import { machineOf } from '../../machines/flows.ts'
import { AFTER_JOIN_SCENARIOS, SCENARIOS } from '../../machines/index.ts'
import { walkPaths } from '../support/path-walk.ts'

/*
 * Every path ends: for each flow, walk every path of the machine's definition (every user answer,
 * every actor resolving or failing with each code, every deadline firing) and check that each one
 * reaches a final state with a failure code and a readable message, or registered, and that no
 * state waits without a deadline or loops with nothing to bound it.
 */
const WALKED = [
  ...SCENARIOS.map((scenario) => [scenario.id, scenario] as const),
  ...AFTER_JOIN_SCENARIOS.map((scenario) => [`${scenario.id} (after the join)`, scenario] as const),
]

describe.each(WALKED)('%s: every path ends', (id, scenario) => {
  const walk = walkPaths(machineOf(scenario.id, scenario.afterJoin), { deviceName: 'DESKTOP-7Q2K9LM' })

  it('reaches a final state with a code and a readable message on every path', () => {
    console.info(
      `${id}: walked ${walk.paths} paths to a final state (${walk.userLoops} more closed a loop through a user answer); ` +
        [...walk.ended].map(([state, count]) => `${state} ${count}`).join(', '),
    )
    expect(walk.problems).toEqual([])
    expect(walk.ended.get('registered')).toBeGreaterThan(0)
    expect(walk.ended.get('TIMED_OUT')).toBeGreaterThan(0)
  })

  it('fires every transition the machine defines at least once', () => {
    expect([...walk.handled].filter((transition) => !walk.fired.has(transition))).toEqual([])
  })
})
