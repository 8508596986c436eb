import { describeFailure } from '../../trace/outcome.ts'
import { useCursorView, useTracer } from '../session/use-tracer.ts'

/** How the run ended, once playback has reached the end. */
export function OutcomeBanner() {
  const { run } = useTracer()
  const view = useCursorView()
  if (run.error) return <p role="alert" className="outcome outcome-failed">The run stopped: {run.error}</p>
  const trace = run.trace
  if (!trace || !view.atEnd) return null
  if (trace.outcome === 'registered') {
    return <p role="status" className="outcome outcome-ok">Registered: device {trace.artifacts.deviceId ?? ''}</p>
  }
  return (
    <p role="status" className="outcome outcome-failed">
      Failed in phase {trace.failure?.phase ?? '?'}: {trace.outcome}. {describeFailure(trace.outcome)} {trace.failure?.message}
    </p>
  )
}
