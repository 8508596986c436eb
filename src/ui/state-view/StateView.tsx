import { memo, useEffect, useMemo, useState } from 'react'
import type { Scenario } from '../../../machines/index.ts'
import { useRestingCursorView } from '../session/use-tracer.ts'
import { useScenario } from '../session/use-scenario.ts'
import { importInTurn } from '../session/warm-up.ts'
import { StatelyToggle } from './StatelyToggle.tsx'
import { isActive, type StateEntry } from './state-tree.ts'

type MachineTrees = typeof import('./machine-tree.ts')
type Tree = { states: StateEntry[]; failures: string[] }

// XState and the machines are no part of the first screen: they load after it, once, XState and
// then each flow's machines in an idle period of their own (making a machine builds its whole tree
// of states: all six at once made one long task).
const MACHINE_PARTS = [
  () => import('xstate'),
  () => import('../../../machines/aadj-managed.ts'),
  () => import('../../../machines/aadj-federated.ts'),
  () => import('../../../machines/haadj-managed.ts'),
  () => import('../../../machines/haadj-federated.ts'),
]
let trees: MachineTrees | undefined
async function loadTrees(): Promise<MachineTrees> {
  if (!trees) {
    await importInTurn(MACHINE_PARTS)
    trees = await import('./machine-tree.ts')
  }
  return trees
}

/** The flow's states; undefined only until the machines have loaded the first time. */
function useMachineTree(scenario: Scenario | undefined): Tree | undefined {
  const [ready, setReady] = useState(Boolean(trees))
  useEffect(() => {
    let current = true
    if (!ready) void loadTrees().then(() => current && setReady(true))
    return () => {
      current = false
    }
  }, [ready])
  return useMemo(
    () => (ready && scenario ? trees?.machineTree(scenario.id, scenario.afterJoin) : undefined),
    [ready, scenario],
  )
}

/** The scenario machine's states from its definition, the one at the cursor highlighted. */
export const StateView = memo(function StateView() {
  const view = useRestingCursorView()
  const scenario = useScenario()
  const tree = useMachineTree(scenario)
  const current = view.current?.state
  if (!tree)
    return (
      <section className="state-view" aria-label="State view">
        <h2>Machine states</h2>
        <p className="empty">Loading the machine…</p>
      </section>
    )
  return (
    <section className="state-view" aria-label="State view">
      <h2>Machine states</h2>
      <ul className="states">
        {tree.states.map((entry) => {
          const active = isActive(entry.path, current)
          return (
            <li
              key={entry.path}
              className={active ? 'active' : undefined}
              style={{ paddingInlineStart: `${entry.depth * 1.2}rem` }}
              aria-current={current === entry.path ? 'step' : undefined}
            >
              {entry.phase ? <span className="state-phase">{entry.phase}</span> : null} {entry.key}
              {entry.final ? ' (final)' : ''}
            </li>
          )
        })}
      </ul>
      <p className="failures">
        Failure states:{' '}
        {tree.failures.map((code) => (
          <span
            key={code}
            className={`failure-state${current === code ? ' active' : ''}`}
            aria-current={current === code ? 'step' : undefined}
          >
            {code}{' '}
          </span>
        ))}
      </p>
      <StatelyToggle />
    </section>
  )
})
