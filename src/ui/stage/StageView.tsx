import { memo, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react'
import type { Scenario } from '../../../machines/index.ts'
import { useScenario } from '../session/use-scenario.ts'
import { LANE_TITLES, type Lane } from '../../trace/lanes.ts'
import type { Exchange, Step } from '../../trace/schema.ts'
import { requestLabel, responseLabel } from '../sequence/exchange-label.ts'
import type { CursorView } from '../session/frames.ts'
import { useCursorView, useRestingCursorView, useTracerStore } from '../session/use-tracer.ts'
import { isFailureStep, phaseStatuses, type PhaseStatus } from '../timeline/phase-status.ts'
import {
  BOX,
  edgeToEdge,
  layoutActors,
  layoutArrows,
  percent,
  VIEW,
  type PhaseArrow,
  type Point,
} from './layout.ts'
import { usePayloadClear } from './payload-place.ts'

const STATUSES: readonly PhaseStatus[] = ['pending', 'current', 'done', 'skipped', 'failed']

/**
 * The flow as the seed draws it: its actors once, one lettered arrow per phase, laid out from the
 * scenario registry. The current phase's arrow is lit and its message travels; finished phases are
 * ticked; a failed phase shows where it failed and why.
 */
export const StageView = memo(function StageView() {
  const scenario = useScenario()
  const view = useCursorView()
  if (!scenario) return null
  return <Stage scenario={scenario} view={view} />
})

function Stage({ scenario, view }: { scenario: Scenario; view: CursorView }) {
  // The drawing's geometry is the scenario's, not the cursor's: worked out once, not per step.
  const { places, arrows } = useMemo(() => {
    const places = layoutActors(scenario.lanes)
    return { places, arrows: layoutArrows(scenario.stage, scenario.phases, places) }
  }, [scenario])
  const statuses = phaseStatuses(scenario.phases, view)
  const current = view.current
  const failed = current && isFailureStep(current) ? current : undefined
  const failedAt = failed ? whereFailed(failed, view.steps, scenario) : undefined
  // Fitted again once the cursor rests too: the narration above holds its height while it moves.
  const rested = useRestingCursorView()
  const canvas = useFitToWindow(view, rested)
  // Placed again after each fitting: a drawing fitted anew moves every letter.
  usePayloadClear(canvas, view, rested)
  return (
    <section className="stage" aria-label="Stage view" data-scenario={scenario.id}>
      <div className="stage-canvas" ref={canvas}>
        <svg viewBox={`0 0 ${VIEW.width} ${VIEW.height}`} aria-hidden="true" className="stage-drawing">
          <defs>
            {STATUSES.map((status) => (
              <marker
                key={status}
                id={`stage-head-${status}`}
                className={`stage-head status-${status}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="5"
                markerHeight="5"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" />
              </marker>
            ))}
          </defs>
          {[...places].map(([lane, at]) => (
            <rect
              key={lane}
              className={`stage-box${failedAt === lane ? ' stage-box-failed' : ''}`}
              x={at.x - BOX.width / 2}
              y={at.y - BOX.height / 2}
              width={BOX.width}
              height={BOX.height}
              rx="10"
            />
          ))}
          {arrows.map((arrow) => (
            <path
              key={arrow.phase}
              d={arrow.path}
              className={`stage-arrow status-${statuses[arrow.phase] ?? 'pending'}`}
              markerEnd={`url(#stage-head-${statuses[arrow.phase] ?? 'pending'})`}
            />
          ))}
          {view.exchange ? <WireLine exchange={view.exchange} places={places} /> : null}
        </svg>
        {[...places].map(([lane, at]) => (
          <span key={lane} className="stage-actor" style={percent(at)}>
            {LANE_TITLES[lane]}
          </span>
        ))}
        {arrows.map((arrow) => (
          <PhaseMark
            key={arrow.phase}
            arrow={arrow}
            status={statuses[arrow.phase] ?? 'pending'}
            title={scenario.phaseTitles[arrow.phase] ?? ''}
          />
        ))}
        {view.exchange ? <Message exchange={view.exchange} places={places} /> : null}
        {failed && failedAt ? <FailureNote step={failed} at={places.get(failedAt)} /> : null}
      </div>
      <StageCaption exchange={view.exchange} step={current} />
    </section>
  )
}

/**
 * The drawing takes the height left under it in the window, less the caption's: the whole stage
 * stays on one screen whatever the narration above it takes. Measured again as the window or the
 * step changes.
 */
function useFitToWindow(view: CursorView, rested: CursorView) {
  const canvas = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const box = canvas.current
    if (!box) return
    const fitToWindow = () => {
      const top = box.getBoundingClientRect().top + window.scrollY
      const below = (box.nextElementSibling?.getBoundingClientRect().height ?? 0) + 40
      const room = `${Math.max(0, window.innerHeight - top - below)}px`
      // Set only when it changed: setting it restyles the drawing, on every step of the cursor.
      if (box.style.getPropertyValue('--room') !== room) box.style.setProperty('--room', room)
    }
    fitToWindow()
    window.addEventListener('resize', fitToWindow)
    return () => window.removeEventListener('resize', fitToWindow)
  }, [view, rested])
  return canvas
}

function PhaseMark({ arrow, status, title }: { arrow: PhaseArrow; status: PhaseStatus; title: string }) {
  const mark = { done: '✓', failed: '✕', skipped: '↷', current: '', pending: '' }[status]
  return (
    <span
      className={`stage-phase status-${status}${arrow.loop ? ' stage-phase-loop' : ''}`}
      style={percent(arrow.letter)}
      data-phase={arrow.phase}
      data-status={status}
      data-at-cursor={status === 'current' || status === 'failed'}
    >
      <span className="stage-letter" aria-label={`Phase ${arrow.phase}, ${title}: ${status}`}>
        {arrow.phase}
        {mark ? (
          <span className="stage-mark" aria-hidden="true">
            {mark}
          </span>
        ) : null}
      </span>
      {status === 'current' || status === 'failed' ? (
        <span className="stage-payload">{arrow.arrow.payload}</span>
      ) : null}
    </span>
  )
}

/** The exchange the cursor stands on, drawn between the two actors that really made it. */
function WireLine({ exchange, places }: { exchange: Exchange; places: ReadonlyMap<Lane, Point> }) {
  const from = places.get(exchange.from)
  const to = places.get(exchange.to)
  if (!from || !to || exchange.from === exchange.to) return null
  const { start, end } = edgeToEdge(from, to)
  return <line className="stage-wire" x1={start.x} y1={start.y} x2={end.x} y2={end.y} />
}

/**
 * The message travelling out and its answer coming back, from box edge to box edge so it never
 * sits on an actor's name; an envelope only, since the current arrow's label already names it.
 */
function Message({ exchange, places }: { exchange: Exchange; places: ReadonlyMap<Lane, Point> }) {
  const from = places.get(exchange.from)
  const to = places.get(exchange.to)
  if (!from || !to || exchange.from === exchange.to) return null
  const { start, end } = edgeToEdge(from, to)
  const a = percent(start)
  const b = percent(end)
  const style = { '--x0': a.left, '--y0': a.top, '--x1': b.left, '--y1': b.top, ...b } as CSSProperties
  return (
    <span key={exchange.id} className="stage-message" style={style} aria-hidden="true">
      ✉
    </span>
  )
}

/** Under the drawing: what is on the wire at the cursor, method and path in full. */
function StageCaption({ exchange, step }: { exchange?: Exchange; step?: Step }) {
  const store = useTracerStore()
  if (!exchange)
    return (
      <p className="stage-caption" data-at-cursor={Boolean(step)}>
        {step
          ? `${step.phase} · ${step.title}`
          : 'Press Start: the phases light up here as the device goes through them.'}
      </p>
    )
  return (
    <p className="stage-caption" data-at-cursor="true">
      <button
        type="button"
        className="stage-request"
        onClick={() => store.select({ kind: 'exchange', id: exchange.id })}
        title="Open in the payload inspector"
      >
        {LANE_TITLES[exchange.from]} → {LANE_TITLES[exchange.to]}: <code>{requestLabel(exchange)}</code>
      </button>{' '}
      <span className="stage-response">
        ← <code>{responseLabel(exchange)}</code>
      </span>
    </p>
  )
}

function FailureNote({ step, at }: { step: Step; at?: Point }) {
  if (!at) return null
  return (
    <p className="stage-failure" role="status" style={percent({ x: at.x, y: at.y + BOX.height / 2 })}>
      <strong>{step.state}</strong> {step.narration}
    </p>
  )
}

/** Where a failure happened: the actor that last answered in that phase, or the phase arrow's target. */
function whereFailed(failed: Step, steps: readonly Step[], scenario: Scenario): Lane {
  const inPhase = steps.filter((step) => step.phase === failed.phase)
  const answered = inPhase.flatMap((step) => step.exchanges).at(-1)?.to
  return answered ?? scenario.stage[failed.phase]?.to ?? 'device'
}
