import { useState } from 'react'
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
import { TracerStore } from './session/tracer-store.ts'
import { runStatus, TracerContext, useCursorView, useTracer } from './session/use-tracer.ts'
import { StateView } from './state-view/StateView.tsx'
import { PhaseTimeline } from './timeline/PhaseTimeline.tsx'
import { Gallery } from './gallery/Gallery.tsx'
import { formatRoute } from './routing/route.ts'
import { useHashRoute } from './routing/use-hash-route.ts'
import { TraceTransfer } from './transfer/TraceTransfer.tsx'
import './app.css'
import './transfer/transfer.css'

/** Wires the store to the panels; holds no flow logic of its own. */
export function App({ services }: { services: EmulatedServices }) {
  const [store] = useState(() => new TracerStore(services))
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
  useShortcuts(store, display.help)
  const { route, problem, navigate } = useHashRoute(store)
  return (
    <main
      data-status={runStatus(state)}
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
        <Gallery query={route.query} onQuery={(query) => navigate({ page: 'gallery', query })} />
      ) : (
        <TracerPanels onHelp={display.help.toggle} />
      )}
      {display.help.open ? <HelpOverlay onClose={display.help.close} /> : null}
    </main>
  )
}

/** The tracer itself: what a run looks like, panel by panel. */
function TracerPanels({ onHelp }: { onHelp: () => void }) {
  return (
    <>
      <ScenarioPicker />
      <Controls onHelp={onHelp} />
      <TraceTransfer />
      <PhaseTimeline />
      <PromptPanel />
      <OutcomeBanner />
      <div className="workspace">
        <SequenceView />
        <PayloadInspector />
      </div>
      <div className="lower">
        <DevicePanel />
        <StateView />
      </div>
      <DsregReader />
    </>
  )
}
