import { explainTraceFailure } from '../../explain/failures.ts'
import { describeFailure } from '../../trace/outcome.ts'
import { memo } from 'react'
import { useCursorView, useTracerSelect } from '../session/use-tracer.ts'

/** How the run ended, once playback has reached the end. */
export const OutcomeBanner = memo(function OutcomeBanner() {
  const error = useTracerSelect((state) => state.run.error)
  const trace = useTracerSelect((state) => state.run.trace)
  const view = useCursorView()
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
  // What Windows would show for it, so a trainer can point at the code a real device reports.
  const windows = explainTraceFailure(trace)?.client
  return (
    <p role="status" className="outcome outcome-failed">
      Failed in phase {trace.failure?.phase ?? '?'}: {trace.outcome}
      {windows ? ` (Windows: ${windows.hex} ${windows.name})` : ''}. {describeFailure(trace.outcome)}{' '}
      {trace.failure?.message}
    </p>
  )
})
