import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { PHASE_LETTERS } from '../../trace/phases.ts'
import { useHeldCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import { formatMs } from '../times.ts'
import {
  choices,
  filterRows,
  formatSize,
  networkRows,
  NO_FILTER,
  ORDERS,
  sortRows,
  type NetworkFilter,
  type Order,
} from './network-rows.ts'
import { drawsWhole, useNearView, useRowWindow } from './row-window.ts'
import { LONG_GAP_MS, waterfall } from './waterfall.ts'

/**
 * The run's exchanges up to the cursor as a network log: one row each, filters by service, phase
 * and status, search in the bodies, an order, and a waterfall: a bar per row from its start, as
 * long as it took, on the run's clock (long idle gaps shortened and marked). A row opens its
 * exchange in the payload inspector. Text only. A long log draws only the rows in view (and a
 * margin), none while the log is out of the page's view, so stepping through a long trace does not
 * redraw every row before the cursor, and opening one does not draw rows below the first screen.
 * Out of view, a long log also holds the run as it last drew it and does nothing on a step of the
 * cursor (not even working out its rows over thousands of exchanges); it catches up as it comes
 * within 200 px of the view.
 */
export const NetworkView = memo(function NetworkView() {
  const store = useTracerStore()
  const selection = useTracerSelect((state) => state.selection)
  const [view, hold] = useHeldCursorView()
  const rows = useMemo(() => networkRows(view.steps), [view.steps])
  const [filter, setFilter] = useState<NetworkFilter>(NO_FILTER)
  const [order, setOrder] = useState<Order>('start')
  const shown = useMemo(() => sortRows(filterRows(rows, filter), order), [rows, filter, order])
  // One axis for every row, filtered or not, so a bar keeps its place while the filters change.
  const axis = useMemo(() => waterfall(rows), [rows])
  const set = (change: Partial<NetworkFilter>) => setFilter({ ...filter, ...change })
  const offered = useMemo(() => {
    const phases = new Set(choices(rows, 'phase'))
    return {
      services: choices(rows, 'service'),
      phases: PHASE_LETTERS.filter((letter) => phases.has(letter)),
    }
  }, [rows])
  const scroller = useRef<HTMLDivElement>(null)
  const section = useRef<HTMLElement>(null)
  // A new run asks afresh whether the log is in view (its first row stands for the run).
  const near = useNearView(section, rows[0])
  const drawn = useRowWindow(scroller, shown.length, near)
  const away = !near && !drawsWhole(rows.length)
  useLayoutEffect(() => hold(away ? view : undefined), [hold, away, view])
  return (
    <section className="network" aria-label="Network log" ref={section}>
      <h2>Network log</h2>
      <div className="network-filters">
        <label>
          Service
          <select value={filter.service} onChange={(event) => set({ service: event.target.value })}>
            <option value="all">all</option>
            {offered.services.map((service) => (
              <option key={service}>{service}</option>
            ))}
          </select>
        </label>
        <label>
          Phase
          <select value={filter.phase} onChange={(event) => set({ phase: event.target.value })}>
            <option value="all">all</option>
            {offered.phases.map((phase) => (
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
          Order
          <select value={order} onChange={(event) => setOrder(event.target.value as Order)}>
            {Object.entries(ORDERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
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
        <div className="network-scroll" ref={scroller}>
          <table className="network-table">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col" className="network-wide">
                  Service
                </th>
                <th scope="col" className="network-wide">
                  Method
                </th>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                <th scope="col" className="network-wide">
                  Size
                </th>
                <th scope="col" className="network-wide">
                  Start
                </th>
                <th scope="col">Duration</th>
                <th
                  scope="col"
                  className="network-bar-head"
                  title={`Waterfall over ${formatMs(axis.span)}; idle gaps over ${formatMs(LONG_GAP_MS)} are shortened and marked ≈`}
                >
                  Waterfall
                </th>
              </tr>
            </thead>
            <tbody>
              <Spacer height={drawn.above} />
              {shown.slice(drawn.start, drawn.end).map((row, index) => (
                <tr
                  key={row.id}
                  className={row.failed ? 'network-failed' : undefined}
                  aria-selected={selection?.kind === 'exchange' && selection.id === row.id}
                >
                  <td>{row.phase}</td>
                  <td className="network-wide">{row.service}</td>
                  <td className="network-wide">{row.method}</td>
                  <td className="network-target">
                    <button type="button" onClick={() => store.select({ kind: 'exchange', id: row.id })}>
                      <span className="network-narrow">{row.method} </span>
                      {row.target}
                    </button>
                  </td>
                  <td>{row.statusLabel}</td>
                  <td className="network-wide">{formatSize(row.size)}</td>
                  <td className="network-wide">{formatMs(row.at)}</td>
                  <td>{formatMs(row.duration)}</td>
                  <td className="network-bar-cell" aria-hidden="true">
                    {index === 0 ? <BreakLines breaks={axis.breaks} rows={drawn.end - drawn.start} /> : null}
                    <Bar bar={axis.barOf(row)} />
                  </td>
                </tr>
              ))}
              <Spacer height={drawn.below} />
            </tbody>
          </table>
          {axis.breaks.length > 0 ? (
            <p className="network-note">
              Dashed lines in the waterfall: idle time over {formatMs(LONG_GAP_MS)} (a sync cycle, the next
              sign-in, a user at a prompt), shortened so the bars stay readable.
            </p>
          ) : null}
        </div>
      )}
    </section>
  )
})

function Bar({ bar }: { bar: { left: number; width: number } }) {
  return <span className="network-bar" style={{ left: percent(bar.left), width: percent(bar.width, 0) }} />
}

/** The room the rows left out take, so the scrollbar stays true to the whole log. */
function Spacer({ height }: { height: number }) {
  if (height <= 0) return null
  return (
    <tr data-spacer="" aria-hidden="true">
      <td colSpan={9} className="network-spacer" style={{ height }} />
    </tr>
  )
}

/**
 * The waterfall's breaks: one element in the first drawn row's bar cell, as tall as the rows drawn,
 * its background one gradient of 1px hard-stop lines (dashed by a mask). The bars paint over it.
 * One image for the whole log and one style change per step, however many idle gaps the run had:
 * a background layer per gap in every row made a long trace paint rows x gaps images per step.
 */
function BreakLines({ breaks, rows }: { breaks: readonly number[]; rows: number }) {
  // Built again only when the gaps change, not on every step: a long session has hundreds of them,
  // and the axis (so the array) is new each step.
  const key = breaks.join(' ')
  const backgroundImage = useMemo(() => {
    if (!key) return ''
    const lines = key.split(' ').map((at) => {
      const x = percent(Number(at))
      return `transparent ${x}, var(--network-break-colour) ${x} calc(${x} + 1px), transparent calc(${x} + 1px)`
    })
    return `linear-gradient(to right, transparent 0, ${lines.join(', ')})`
  }, [key])
  if (!key) return null
  return <span className="network-breaks" style={{ height: `${rows * 100}%`, backgroundImage }} />
}

/** A fraction of the waterfall's width as a CSS length, inside a 2% margin on each side. */
function percent(fraction: number, margin = 2): string {
  return `${(margin + fraction * 96).toFixed(3)}%`
}
