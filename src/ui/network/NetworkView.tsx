import { memo, useMemo, useState } from 'react'
import { PHASE_LETTERS } from '../../trace/phases.ts'
import { useCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import {
  choices,
  filterRows,
  formatSize,
  networkRows,
  NO_FILTER,
  type NetworkFilter,
} from './network-rows.ts'
import './network.css'

/**
 * The run's exchanges up to the cursor as a network log: one row each, filters by service, phase
 * and status, search in the bodies, and a bar per row at its start on the run's clock. A row opens
 * its exchange in the payload inspector. Text only.
 */
export const NetworkView = memo(function NetworkView() {
  const store = useTracerStore()
  const selection = useTracerSelect((state) => state.selection)
  const view = useCursorView()
  const rows = useMemo(() => networkRows(view.steps), [view.steps])
  const [filter, setFilter] = useState<NetworkFilter>(NO_FILTER)
  const shown = filterRows(rows, filter)
  const span = Math.max(1, ...rows.map((row) => row.at))
  const set = (change: Partial<NetworkFilter>) => setFilter({ ...filter, ...change })
  const phases = PHASE_LETTERS.filter((letter) => choices(rows, 'phase').includes(letter))
  return (
    <section className="network" aria-label="Network log">
      <h2>Network log</h2>
      <div className="network-filters">
        <label>
          Service
          <select value={filter.service} onChange={(event) => set({ service: event.target.value })}>
            <option value="all">all</option>
            {choices(rows, 'service').map((service) => (
              <option key={service}>{service}</option>
            ))}
          </select>
        </label>
        <label>
          Phase
          <select value={filter.phase} onChange={(event) => set({ phase: event.target.value })}>
            <option value="all">all</option>
            {phases.map((phase) => (
              <option key={phase}>{phase}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={filter.status}
            onChange={(event) => set({ status: event.target.value as NetworkFilter['status'] })}
          >
            <option value="all">all</option>
            <option value="ok">succeeded</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label>
          Search bodies
          <input
            type="search"
            value={filter.search}
            onChange={(event) => set({ search: event.target.value })}
          />
        </label>
        <span className="network-count" aria-live="polite">
          {shown.length} of {rows.length}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="empty">No exchanges yet.</p>
      ) : (
        <div className="network-scroll">
          <table className="network-table">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col">Service</th>
                <th scope="col">Method</th>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
                <th scope="col">At</th>
                <th scope="col" className="network-bar-head">
                  Timeline
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr
                  key={row.id}
                  className={row.failed ? 'network-failed' : undefined}
                  aria-selected={selection?.kind === 'exchange' && selection.id === row.id}
                >
                  <td>{row.phase}</td>
                  <td>{row.service}</td>
                  <td>{row.method}</td>
                  <td className="network-target">
                    <button type="button" onClick={() => store.select({ kind: 'exchange', id: row.id })}>
                      {row.target}
                    </button>
                  </td>
                  <td>{row.status}</td>
                  <td>{formatSize(row.size)}</td>
                  <td>{formatAt(row.at)}</td>
                  <td className="network-bar-cell" aria-hidden="true">
                    <span className="network-bar" style={{ left: `${2 + (row.at / span) * 94}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
})

function formatAt(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}
