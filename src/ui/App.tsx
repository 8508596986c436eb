import { lazy, memo, Suspense, useCallback, useMemo, useState } from 'react'
import { Controls } from './controls/Controls.tsx'
import { HelpOverlay } from './controls/HelpOverlay.tsx'
import { OutcomeBanner } from './controls/OutcomeBanner.tsx'
import { PromptPanel } from './controls/PromptPanel.tsx'
import { useShortcuts } from './controls/use-shortcuts.ts'
import { DevicePanel } from './device-panel/DevicePanel.tsx'
import { DisplayToggles } from './display/DisplayToggles.tsx'
import { DsregReader } from './explain/DsregReader.tsx'
import { useDisplay } from './display/use-display.ts'
import type { EmulatedServices } from './emulated-services.ts'
import { PayloadInspector } from './inspector/PayloadInspector.tsx'
import { ScenarioPicker } from './picker/ScenarioPicker.tsx'
import { SequenceView } from './sequence/SequenceView.tsx'
import { TracerStore, type PlaybackTimers } from './session/tracer-store.ts'
import { StageView } from './stage/StageView.tsx'
import type { FlowView } from './display/display-choices.ts'
import type { LinkDisplay } from './routing/route.ts'
import { runStatus, TracerContext, useCursorView, useTracer } from './session/use-tracer.ts'
import { StateView } from './state-view/StateView.tsx'
import { PhaseTimeline } from './timeline/PhaseTimeline.tsx'
import { formatRoute } from './routing/route.ts'
import { useHashRoute } from './routing/use-hash-route.ts'
import { useHydrated } from './first-screen/use-hydrated.ts'
import { TraceTransfer } from './transfer/TraceTransfer.tsx'
import './app.css'
import './network/network.css'
import './stage/stage.css'
import './transfer/transfer.css'

// The gallery is a page of its own, not the first screen: it loads when opened.
const Gallery = lazy(() => import('./gallery/Gallery.tsx').then((module) => ({ default: module.Gallery })))

// The network log sits below the first screen and holds nothing before a run: it loads as the page
// renders, outside the entry chunk, with an empty log of the same look until it comes.
const NetworkView = lazy(() =>
  import('./network/NetworkView.tsx').then((module) => ({ default: module.NetworkView })),
)

// The page's playback ticks on the browser's own timers; tests hand the store theirs.
const BROWSER_TIMERS: PlaybackTimers = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle as number),
}

/** Wires the store to the panels; holds no flow logic of its own. */
export function App({ services }: { services: EmulatedServices }) {
  const [store] = useState(() => new TracerStore(services, BROWSER_TIMERS))
  return (
    <TracerContext.Provider value={store}>
      <Tracer store={store} />
    </TracerContext.Provider>
  )
}

function Tracer({ store }: { store: TracerStore }) {
  const display = useDisplay()
  const state = useTracer()
  const view = useCursorView()
  const { setView, setPresenter, setTheme, presenter, theme, view: flowView } = display
  const targets = useMemo(
    () => ({
      help: display.help,
      toggleView: () => setView(flowView === 'stage' ? 'sequence' : 'stage'),
      togglePresenter: () => setPresenter(!presenter),
    }),
    [display.help, setView, flowView, setPresenter, presenter],
  )
  useShortcuts(store, targets)
  const look = useMemo(() => ({ presenter, theme }), [presenter, theme])
  const fromLink = useCallback(
    (link: LinkDisplay) => {
      if (link.presenter !== undefined) setPresenter(link.presenter)
      if (link.theme) setTheme(link.theme)
    },
    [setPresenter, setTheme],
  )
  const { route, problem, navigate } = useHashRoute(store, look, fromLink)
  const hydrated = useHydrated()
  return (
    <main
      data-status={hydrated ? runStatus(state) : undefined}
      data-cursor={state.cursor}
      data-frames={state.run.frames.length}
      data-at-end={view.atEnd && state.run.status === 'done'}
      data-keygen-worker-jobs={state.keygenWorkerJobs}
      className={display.presenter ? 'presenter' : undefined}
    >
      <header className="topbar">
        <h1>device-join-tracer</h1>
        <nav aria-label="Pages" className="pages">
          <a
            href={formatRoute({ page: 'tracer' })}
            aria-current={route.page === 'gallery' ? undefined : 'page'}
          >
            Tracer
          </a>
          <a
            href={formatRoute({ page: 'gallery', query: '' })}
            aria-current={route.page === 'gallery' ? 'page' : undefined}
          >
            Story gallery
          </a>
        </nav>
        <DisplayToggles display={display} />
      </header>
      {problem ? (
        <p role="alert" className="route-problem">
          {problem}
        </p>
      ) : null}
      {route.page === 'gallery' ? (
        <Suspense fallback={<p className="empty">Opening the gallery…</p>}>
          <Gallery query={route.query} onQuery={(query) => navigate({ page: 'gallery', query })} />
        </Suspense>
      ) : (
        <TracerPanels
          onHelp={display.help.toggle}
          view={flowView}
          onView={setView}
          presenter={presenter}
          // A followed server keeps its status line and Stop button in sight; an opened file keeps
          // the row it came from (and where a refused file's reason appears) in sight.
          folded={
            presenter ||
            (state.run.status !== 'idle' && state.run.origin !== 'server' && state.run.origin !== 'file')
          }
        />
      )}
      {display.help.open ? <HelpOverlay onClose={display.help.close} /> : null}
    </main>
  )
}

interface PanelsProps {
  onHelp: () => void
  view: FlowView
  onView: (view: FlowView) => void
  presenter: boolean
  /** Setup folds away in presenter mode and once a run is on screen; a click opens it again. */
  folded: boolean
}

/**
 * The tracer itself: what a run looks like, panel by panel. The setup (picker, trace and server
 * row) comes after the run in the document, so a phone shows the timeline first; CSS puts it back
 * on top on wide screens, and folds it away in presenter mode. Memoised: the page's re-renders
 * (every store change, hydration's end) pass it by unless its props change; one that reached the
 * network log's boundary before its code had come would discard that part of the prerendered page.
 */
const TracerPanels = memo(function TracerPanels({ onHelp, view, onView, presenter, folded }: PanelsProps) {
  return (
    <>
      <Controls onHelp={onHelp} view={view} onView={onView} />
      <PhaseTimeline />
      <PromptPanel />
      <OutcomeBanner />
      <div className={`workspace workspace-${view}`}>
        {view === 'stage' ? <StageView /> : <SequenceView presenter={presenter} />}
        <PayloadInspector />
      </div>
      <SetupPanel folded={folded} />
      <div className="lower">
        <DevicePanel />
        <StateView />
      </div>
      <Suspense fallback={<EmptyNetworkLog />}>
        <NetworkView />
      </Suspense>
      <DsregReader />
    </>
  )
})

/** The network log before its code has come: its title and its empty line, as when no run has begun. */
function EmptyNetworkLog() {
  return (
    <section className="network" aria-label="Network log">
      <h2>Network log</h2>
      <p className="empty">No exchanges yet.</p>
    </section>
  )
}

/**
 * The picker and the trace/server row. Folding only closes the element: its children stay
 * mounted, so a followed server's connection and a half-typed address survive a fold.
 */
function SetupPanel({ folded }: { folded: boolean }) {
  const [open, setOpen] = useState(!folded)
  // Folding follows the prop when it changes (React's "adjust state while rendering" pattern).
  const [wasFolded, setWasFolded] = useState(folded)
  if (wasFolded !== folded) {
    setWasFolded(folded)
    setOpen(!folded)
  }
  return (
    <details className="setup" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Scenario, story and keys; trace files and server</summary>
      <ScenarioPicker />
      <TraceTransfer />
    </details>
  )
}
