import { lazy, memo, Suspense } from 'react'
import type { Exchange, Step } from '../../trace/schema.ts'
import { useRestingCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'

type Detail = typeof import('./InspectorDetail.tsx')
let loadedDetail: Detail | undefined

/**
 * The inspector's views, loaded apart from the first screen (which shows an empty inspector); the
 * page's warm-up calls this in idle time. Once loaded they are rendered as they are, not through
 * `lazy`: a lazy component suspends on its first render even when its module has arrived, and
 * React draws the boundary again at a retry priority that every step of the cursor interrupts and
 * starts over. Measured on a 2,000-exchange trace opened and stepped at once: the exchange view
 * rendered and was thrown away at each of the first 12 steps (its JWKS search over every exchange
 * included), and the decoded payloads waited until the cursor paused.
 */
export const loadInspectorDetail = (): Promise<Detail> =>
  import('./InspectorDetail.tsx').then((module) => (loadedDetail = module))
const LazyExchangeView = lazy(() =>
  loadInspectorDetail().then((module) => ({ default: module.ExchangeView })),
)
const LazyArtifactsView = lazy(() =>
  loadInspectorDetail().then((module) => ({ default: module.ArtifactsView })),
)

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
  const ExchangeView = loadedDetail?.ExchangeView ?? LazyExchangeView
  const ArtifactsView = loadedDetail?.ArtifactsView ?? LazyArtifactsView
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
