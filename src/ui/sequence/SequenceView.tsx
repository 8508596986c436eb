import { memo, useMemo, useRef, type CSSProperties } from 'react'
import { LANE_TITLES, type Lane } from '../../trace/lanes.ts'
import type { Exchange, Step } from '../../trace/schema.ts'
import { useCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import { scenarioOnScreen, useScenario } from '../session/use-scenario.ts'
import { requestLabel, responseLabel } from './exchange-label.ts'
import { useBlockWindow } from './block-window.ts'
import { useFitToWindow } from './fit-to-window.ts'
import { arrowSpan, lanesFor } from './lanes.ts'

/**
 * Lanes as columns, every exchange up to the cursor as a request and a response arrow. In presenter
 * mode the rows fit the window below the narration, so following the cursor never scrolls it away.
 */
export const SequenceView = memo(function SequenceView({ presenter }: { presenter: boolean }) {
  // Joined into a string, so a frame that adds no lane re-renders nothing.
  const laneList = useTracerSelect((state) => {
    const scenario = scenarioOnScreen(state)
    return scenario ? lanesFor(scenario, state.run.frames).join(' ') : ''
  })
  const selection = useTracerSelect((state) => state.selection)
  const view = useCursorView()
  const scenario = useScenario()
  const scroller = useRef<HTMLDivElement>(null)
  const lanes = useMemo(() => laneList.split(' ') as Lane[], [laneList])
  // Only the blocks in view are drawn in a long trace; the cursor's row stays in sight, forward and
  // back: the panel scrolls to it, and the page as little as it must.
  useFitToWindow(scroller, presenter && scenario !== undefined)
  const drawn = useBlockWindow(scroller, view.steps, view, laneList)
  if (!scenario) return null
  const style = { '--lanes': lanes.length } as CSSProperties
  const selected = selection?.kind === 'exchange' ? selection.id : undefined
  // Each step gets only what concerns it, so a step of the cursor re-renders two blocks, not all.
  const within = (step: Step, id: string | undefined) =>
    id !== undefined && step.exchanges.some((exchange) => exchange.id === id) ? id : undefined
  return (
    <section className="sequence" aria-label="Sequence view" style={style}>
      <div className="lane-heads" aria-hidden="true">
        {lanes.map((lane) => (
          <span key={lane} className={`lane-head lane-${lane}`}>
            {LANE_TITLES[lane]}
          </span>
        ))}
      </div>
      <div className="sequence-body" ref={scroller}>
        {view.steps.length === 0 ? <p className="empty">The exchanges appear here as the run goes.</p> : null}
        <ol className="sequence-rows" style={{ paddingTop: drawn.above, paddingBottom: drawn.below }}>
          {view.steps.slice(drawn.start, drawn.end).map((step) => (
            <StepRows
              key={step.index}
              step={step}
              lanes={lanes}
              current={step === view.current}
              noteAtCursor={step === view.current && !view.exchange}
              freshId={within(step, view.exchange?.id)}
              selectedId={within(step, selected)}
            />
          ))}
        </ol>
      </div>
    </section>
  )
})

interface StepRowsProps {
  step: Step
  lanes: Lane[]
  current: boolean
  /** The cursor stands on this step's own frame (entering it), not on an exchange. */
  noteAtCursor: boolean
  /** The exchange at the cursor, when it is one of this step's. */
  freshId?: string
  /** The exchange open in the inspector, when it is one of this step's. */
  selectedId?: string
}

/**
 * Same rows when nothing they draw changed. The cursor's view rebuilds every step object, so a
 * step is compared by its fields and its exchanges (the trace's own objects, compared by identity).
 */
function sameRows(before: StepRowsProps, after: StepRowsProps): boolean {
  const { step: a, ...restBefore } = before
  const { step: b, ...restAfter } = after
  const sameProps = (Object.keys(restBefore) as Array<keyof typeof restBefore>).every(
    (key) => restBefore[key] === restAfter[key],
  )
  const sameStep =
    a === b ||
    ((Object.keys(a) as Array<keyof Step>).every((key) => key === 'exchanges' || a[key] === b[key]) &&
      a.exchanges.length === b.exchanges.length &&
      a.exchanges.every((exchange, index) => exchange === b.exchanges[index]))
  return sameProps && sameStep && Object.keys(a).length === Object.keys(b).length
}

const StepRows = memo(function StepRows({
  step,
  lanes,
  current,
  noteAtCursor,
  freshId,
  selectedId,
}: StepRowsProps) {
  return (
    <li
      className={`step-block${current ? ' current' : ''}${step.skipped ? ' skipped' : ''}`}
      data-state={step.state}
    >
      <p className={`step-note${noteAtCursor ? ' fresh' : ''}`} data-at-cursor={noteAtCursor}>
        <span className="narration-phase">{step.phase}</span> {step.title}
        {step.prompt ? <span className="tag">waits for {step.prompt}</span> : null}
        {step.skipped ? <span className="tag">skipped</span> : null}
      </p>
      {step.exchanges.map((exchange) => (
        <ExchangeArrows
          key={exchange.id}
          exchange={exchange}
          lanes={lanes}
          fresh={exchange.id === freshId}
          selected={exchange.id === selectedId}
        />
      ))}
    </li>
  )
}, sameRows)

function ExchangeArrows({
  exchange,
  lanes,
  fresh,
  selected,
}: {
  exchange: Exchange
  lanes: Lane[]
  fresh: boolean
  selected: boolean
}) {
  const store = useTracerStore()
  const open = () => store.select({ kind: 'exchange', id: exchange.id })
  const request = arrowSpan(lanes, exchange.from, exchange.to)
  const response = arrowSpan(lanes, exchange.to, exchange.from)
  const classes = `exchange${fresh ? ' fresh' : ''}${selected ? ' selected' : ''}`
  const between = `${LANE_TITLES[exchange.from]} to ${LANE_TITLES[exchange.to]}`
  return (
    <div className={classes} data-exchange={exchange.id} data-at-cursor={fresh}>
      <Arrow
        span={request}
        kind="request"
        label={requestLabel(exchange)}
        title={exchange.request.url}
        name={`${exchange.id} request, ${between}: ${requestLabel(exchange)}`}
        onClick={open}
      />
      <Arrow
        span={response}
        kind="response"
        label={responseLabel(exchange)}
        title={responseLabel(exchange)}
        name={`${exchange.id} response: ${responseLabel(exchange)}`}
        onClick={open}
      />
    </div>
  )
}

interface ArrowProps {
  span: ReturnType<typeof arrowSpan>
  kind: 'request' | 'response'
  label: string
  title: string
  name: string
  onClick: () => void
}

function Arrow({ span, kind, label, title, name, onClick }: ArrowProps) {
  const style = {
    gridColumn: `${span.start} / ${span.end + 1}`,
    '--span': span.end - span.start + 1,
  } as CSSProperties
  return (
    <button
      type="button"
      className={`arrow arrow-${kind} arrow-${span.direction}`}
      style={style}
      title={title}
      aria-label={name}
      onClick={onClick}
    >
      <span className="arrow-label">{label}</span>
      <span className="arrow-line" aria-hidden="true" />
    </button>
  )
}
