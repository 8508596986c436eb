import type { ScenarioId } from '../src/trace/phases.ts'
import { aadjFederatedAfterJoinMachine, aadjFederatedMachine } from './aadj-federated.ts'
import { aadjManagedAfterJoinMachine, aadjManagedMachine } from './aadj-managed.ts'
import { haadjFederatedMachine } from './haadj-federated.ts'
import { haadjManagedMachine } from './haadj-managed.ts'

/**
 * The machine that runs each flow of the registry (machines/index.ts), and the cloud flows'
 * variants that go on after the join. Every one is made by the same setup, so the engine can
 * provide the same actors.
 */
const FLOW_MACHINES = {
  'aadj-managed': aadjManagedMachine,
  'aadj-federated': aadjFederatedMachine,
  'haadj-managed': haadjManagedMachine,
  'haadj-federated': haadjFederatedMachine,
} satisfies Record<ScenarioId, unknown>

const AFTER_JOIN_MACHINES: Partial<Record<ScenarioId, FlowMachine>> = {
  'aadj-managed': aadjManagedAfterJoinMachine,
  'aadj-federated': aadjFederatedAfterJoinMachine,
}

export type FlowMachine =
  | (typeof FLOW_MACHINES)[ScenarioId]
  | typeof aadjManagedAfterJoinMachine
  | typeof aadjFederatedAfterJoinMachine

/** A flow's machine; with `afterJoin`, its variant with the phases after the join, where it has one. */
export function machineOf(scenario: ScenarioId, afterJoin = false): FlowMachine {
  return (afterJoin ? AFTER_JOIN_MACHINES[scenario] : undefined) ?? FLOW_MACHINES[scenario]
}
