import { STORIES } from '../stories/catalogue.ts'
import type { EmulatedServices } from './emulated-services.ts'
import { PromptForm } from './first-run/PromptForm.tsx'
import { StepList } from './first-run/StepList.tsx'
import { useLiveRun } from './use-live-run.ts'
import './app.css'

/** Wires the live run to the panels; holds no flow logic of its own. */
export function App({ services }: { services: EmulatedServices }) {
  const { view, start, send } = useLiveRun(services)
  const story = STORIES[0]!
  const current = view.steps.at(-1)
  const status = view.trace?.outcome ?? view.status
  return (
    <main data-status={status}>
      <header>
        <h1>device-join-tracer</h1>
        <p>{story.title}: {story.teaches}</p>
        <button type="button" onClick={() => start(story)} disabled={view.status === 'running' && !current?.prompt}>
          {view.status === 'idle' ? 'Run the flow' : 'Run again'}
        </button>
      </header>
      {view.status === 'running' && current?.prompt ? (
        <PromptForm key={current.index} prompt={current.prompt} story={story} rejection={view.rejection} termsOfUse={view.termsOfUse} send={send} />
      ) : null}
      {view.trace ? <Outcome outcome={view.trace.outcome} message={view.trace.failure?.message} deviceId={view.trace.artifacts.deviceId} /> : null}
      <StepList steps={view.steps} />
    </main>
  )
}

function Outcome({ outcome, message, deviceId }: { outcome: string; message?: string; deviceId?: string }) {
  return (
    <p role="status" className={`outcome outcome-${outcome === 'registered' ? 'ok' : 'failed'}`}>
      {outcome === 'registered' ? `Registered: device ${deviceId ?? ''}` : `Failed: ${outcome}. ${message ?? ''}`}
    </p>
  )
}
