import { describeFailure } from '../../trace/outcome.ts'
import { memo } from 'react'
import { useExplainer } from '../explain/use-explainer.ts'
import { useCursorView, useTracerSelect } from '../session/use-tracer.ts'

/** How the run ended, once playback has reached the end. */
export const OutcomeBanner = memo(function OutcomeBanner() {
  const error = useTracerSelect((state) => state.run.error)
  const trace = useTracerSelect((state) => state.run.trace)
  const view = useCursorView()
  const failed = Boolean(trace && view.atEnd && trace.outcome !== 'registered' && trace.outcome !== 'pending')
  const explain = useExplainer(failed)
  if (error)
    return (
      <p role="alert" className="outcome outcome-failed">
        The run stopped: {error}
      </p>
    )
  if (!trace || !view.atEnd) return null
  if (trace.outcome === 'registered') {
    return (
      <p role="status" className="outcome outcome-ok">
        Registered: device {trace.artifacts.deviceId ?? ''}
      </p>
    )
  }
  if (trace.outcome === 'pending')
    return (
      <p role="status" className="outcome">
        Server session: {describeFailure('pending')}
      </p>
    )
  // What Windows would show for it, so a trainer can point at the code a real device reports (it
  // follows in a moment the first time: the explainer loads when a run first ends).
  const windows = explain?.windowsCodeOf(trace)
  return (
    <p role="status" className="outcome outcome-failed">
      Failed in phase {trace.failure?.phase ?? '?'}: {trace.outcome}
      {windows ? ` (Windows: ${windows})` : ''}. {describeFailure(trace.outcome)} {trace.failure?.message}
    </p>
  )
})
