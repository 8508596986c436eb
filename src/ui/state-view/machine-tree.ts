import { machineOf } from '../../../machines/flows.ts'
import type { ScenarioId } from '../../trace/phases.ts'
import { stateEntries, type StateNodeLike } from './state-tree.ts'

/** A flow's states, read from its machine's definition (this module brings XState and the machines). */
export const machineTree = (scenario: ScenarioId, afterJoin?: boolean) =>
  stateEntries(machineOf(scenario, afterJoin).root as unknown as StateNodeLike)
