import { lazy, memo, Suspense } from 'react'
import type { Exchange, Step } from '../../trace/schema.ts'
import { useRestingCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'

// The views below load on first use: the first screen shows an empty inspector (see InspectorDetail).
const detail = () => import('./InspectorDetail.tsx')
const ExchangeView = lazy(() => detail().then((module) => ({ default: module.ExchangeView })))
const ArtifactsView = lazy(() => detail().then((module) => ({ default: module.ArtifactsView })))

/**
 * The chosen exchange (or, until one is clicked, the newest one at the cursor), with its payloads
 * decoded; or the run's artifacts once it has finished.
 */
export const PayloadInspector = memo(function PayloadInspector() {
  const store = useTracerStore()
  const selection = useTracerSelect((state) => state.selection)
  const trace = useTracerSelect((state) => state.run.trace)
  const view = useRestingCursorView()
  const chosen =
    selection?.kind === 'exchange'
      ? exchangeIn(view.steps, selection.id)
      : (view.exchange ?? view.steps.findLast((step) => step.exchanges.length > 0)?.exchanges.at(-1))
  const artifacts = view.atEnd ? trace?.artifacts : undefined
  const showArtifacts = selection?.kind === 'artifacts' && artifacts
  return (
    <section className="inspector" aria-label="Payload inspector">
      <header className="inspector-head">
        <h2>Payload inspector</h2>
        <div className="inspector-tabs">
          <button type="button" aria-pressed={!showArtifacts} onClick={() => store.select(undefined)}>
            Exchange
          </button>
          <button
            type="button"
            aria-pressed={Boolean(showArtifacts)}
            disabled={!artifacts}
            onClick={() => store.select({ kind: 'artifacts' })}
          >
            Artifacts
          </button>
        </div>
      </header>
      {showArtifacts ? (
        <Suspense fallback={OPENING}>
          <ArtifactsView artifacts={artifacts} steps={view.steps} />
        </Suspense>
      ) : chosen ? (
        <Suspense fallback={OPENING}>
          <ExchangeView
            key={chosen.id}
            exchange={chosen}
            steps={view.steps}
            requestTime={trace ? Date.parse(trace.startedAt) + chosen.at : undefined}
          />
        </Suspense>
      ) : (
        <p className="empty">
          {selection
            ? 'That exchange has not happened yet at this point of the run.'
            : 'Click an arrow to open its exchange.'}
        </p>
      )}
    </section>
  )
})

/** The exchange with this ID among the steps shown, without gathering every exchange on each step. */
function exchangeIn(steps: readonly Step[], id: string): Exchange | undefined {
  for (const step of steps) {
    const found = step.exchanges.find((exchange) => exchange.id === id)
    if (found) return found
  }
  return undefined
}

const OPENING = <p className="empty">Opening the inspector…</p>
