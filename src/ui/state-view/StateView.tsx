import { memo, useMemo } from 'react'
import { useCursorView } from '../session/use-tracer.ts'
import { useScenario } from '../session/use-scenario.ts'
import { StatelyToggle } from './StatelyToggle.tsx'
import { isActive, stateEntries, type StateNodeLike } from './state-tree.ts'

/** The scenario machine's states from its definition, the one at the cursor highlighted. */
export const StateView = memo(function StateView() {
  const view = useCursorView()
  const scenario = useScenario()
  const tree = useMemo(
    () => (scenario ? stateEntries(scenario.machine.root as unknown as StateNodeLike) : undefined),
    [scenario],
  )
  if (!tree) return null
  const current = view.current?.state
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
