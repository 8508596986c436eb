/** The part of an XState state node the view reads; `machine.root` and its descendants have it. */
export interface StateNodeLike {
  key: string
  type: string
  tags: Iterable<string>
  meta?: unknown
  states: Record<string, StateNodeLike>
}

export interface StateEntry {
  path: string
  key: string
  depth: number
  phase?: string
  final: boolean
}

/** The machine's states in document order, failure states apart: they are one per code and all alike. */
export function stateEntries(root: StateNodeLike): { states: StateEntry[]; failures: string[] } {
  const states: StateEntry[] = []
  const failures: string[] = []
  const walk = (node: StateNodeLike, path: string[], depth: number) => {
    for (const [key, child] of Object.entries(node.states)) {
      const childPath = [...path, key]
      if ([...child.tags].includes('failure')) {
        failures.push(key)
        continue
      }
      const phase = (child.meta as { phase?: string } | undefined)?.phase
      states.push({ path: childPath.join('.'), key, depth, phase, final: child.type === 'final' })
      walk(child, childPath, depth + 1)
    }
  }
  walk(root, [], 0)
  return { states, failures }
}

/** A state is active when it is the current state or one of its ancestors. */
export function isActive(path: string, current: string | undefined): boolean {
  return current !== undefined && (current === path || current.startsWith(`${path}.`))
}
