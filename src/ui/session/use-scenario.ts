import { findScenario, type Scenario } from '../../../machines/index.ts'
import type { TracerState } from './tracer-store.ts'
import { useTracerSelect } from './use-tracer.ts'

/** The flow on screen: its variant with the phases after the join when the run goes on past it. */
export function scenarioOnScreen(state: Pick<TracerState, 'scenarioId' | 'afterJoin'>): Scenario | undefined {
  return findScenario(state.scenarioId, state.afterJoin) ?? findScenario(state.scenarioId)
}

export function useScenario(): Scenario | undefined {
  const scenarioId = useTracerSelect((state) => state.scenarioId)
  const afterJoin = useTracerSelect((state) => state.afterJoin)
  return scenarioOnScreen({ scenarioId, afterJoin })
}
