import { describeFailure } from '../../trace/outcome.ts'
import type { Trace } from '../../trace/schema.ts'
import { memo, useState } from 'react'
import { useExplainer } from '../explain/use-explainer.ts'
import { useCursorView, useTracerSelect } from '../session/use-tracer.ts'

/**
 * How the run ended, once playback has reached the end. Stepping back from there keeps the banner,
 * marked as the run's end, until another run or trace comes: its going would move every panel
 * below it up by its height at the first step back (and down again at the end), under the reader's
 * eyes and, on two cores, at the cost of a repaint of the whole page below it.
 */
export const OutcomeBanner = memo(function OutcomeBanner() {
  const error = useTracerSelect((state) => state.run.error)
  const trace = useTracerSelect((state) => state.run.trace)
  const view = useCursorView()
  const [endShown, setEndShown] = useState<Trace>()
  // The trace whose end has been on screen: React's pattern for state derived from a render.
  if (trace && view.atEnd && endShown !== trace) setEndShown(trace)
  const shown = trace && (view.atEnd || endShown === trace) ? trace : undefined
  const failed = Boolean(shown && shown.outcome !== 'registered' && shown.outcome !== 'pending')
  const explain = useExplainer(failed)
  if (error)
    return (
      <p role="alert" className="outcome outcome-failed">
        The run stopped: {error}
      </p>
    )
  if (!shown) return null
  const ahead = view.atEnd ? '' : ' outcome-ahead'
  const lead = view.atEnd ? '' : 'At the end: '
  if (shown.outcome === 'registered') {
    return (
      <p role="status" className={`outcome outcome-ok${ahead}`}>
        {lead}Registered: device {shown.artifacts.deviceId ?? ''}
      </p>
    )
  }
  if (shown.outcome === 'pending')
    return (
      <p role="status" className={`outcome${ahead}`}>
        {lead}Server session: {describeFailure('pending')}
      </p>
    )
  // What Windows would show for it, so a trainer can point at the code a real device reports (it
  // follows in a moment the first time: the explainer loads when a run first ends).
  const windows = explain?.windowsCodeOf(shown)
  return (
    <p role="status" className={`outcome outcome-failed${ahead}`}>
      {lead}Failed in phase {shown.failure?.phase ?? '?'}: {shown.outcome}
      {windows ? ` (Windows: ${windows})` : ''}. {describeFailure(shown.outcome)} {shown.failure?.message}
    </p>
  )
})
