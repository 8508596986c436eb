import type { ScenarioId } from '../src/trace/phases.ts'
import { aadjFederatedMachine } from './aadj-federated.ts'
import { aadjManagedMachine } from './aadj-managed.ts'
import { haadjFederatedMachine } from './haadj-federated.ts'
import { haadjManagedMachine } from './haadj-managed.ts'

/**
 * The machine that runs each flow of the registry (machines/index.ts). Every one is made by the same
 * setup, so the engine can provide the same actors.
 */
const FLOW_MACHINES = {
  'aadj-managed': aadjManagedMachine,
  'aadj-federated': aadjFederatedMachine,
  'haadj-managed': haadjManagedMachine,
  'haadj-federated': haadjFederatedMachine,
} satisfies Record<ScenarioId, unknown>

export type FlowMachine = (typeof FLOW_MACHINES)[ScenarioId]

export function machineOf(scenario: ScenarioId): FlowMachine {
  return FLOW_MACHINES[scenario]
}
