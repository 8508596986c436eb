import { memo, useRef } from 'react'
import {
  useCursorView,
  useRestingCursorView,
  useTracerSelect,
  useTracerStore,
} from '../session/use-tracer.ts'
import { useScenario } from '../session/use-scenario.ts'
import { useHeldHeight } from './held-height.ts'
import { isFailureStep, phaseStatuses, type PhaseStatus } from './phase-status.ts'

const MARKS: Record<PhaseStatus, string> = { pending: '', current: '●', done: '✓', skipped: '↷', failed: '✕' }

/** The flow's phase letters: current lit, done checked, skipped and failed marked; click one for a breakpoint. */
export const PhaseTimeline = memo(function PhaseTimeline() {
  const store = useTracerStore()
  const breakpoints = useTracerSelect((state) => state.breakpoints)
  const view = useCursorView()
  const rested = useRestingCursorView()
  const narration = useRef<HTMLDivElement>(null)
  // Moving: the panels below stay where they are while the narration changes length.
  useHeldHeight(narration, view !== rested)
  const scenario = useScenario()
  const phases = scenario?.phases ?? []
  const statuses = phaseStatuses(phases, view)
  const current = view.current
  return (
    <section className="timeline" aria-label="Phase timeline">
      <ol className="phases">
        {phases.map((phase) => {
          const status = statuses[phase] ?? 'pending'
          const breakpoint = breakpoints.has(phase)
          return (
            <li
              key={phase}
              className={`phase phase-${status}${breakpoint ? ' has-breakpoint' : ''}`}
              data-phase={phase}
              data-status={status}
            >
              <button
                type="button"
                aria-pressed={breakpoint}
                aria-label={`Phase ${phase}, ${status}; breakpoint ${breakpoint ? 'on' : 'off'}; ${scenario?.phaseTitles[phase] ?? ''}`}
                onClick={() => store.toggleBreakpoint(phase)}
              >
                <span className="phase-letter">{phase}</span>
                <span className="phase-mark" aria-hidden="true">
                  {MARKS[status]}
                </span>
              </button>
              <span className="phase-caption">{scenario?.phaseTitles[phase]}</span>
            </li>
          )
        })}
      </ol>
      <div
        ref={narration}
        className={`narration${current && isFailureStep(current) ? ' narration-failed' : ''}`}
        aria-live="polite"
      >
        {current ? (
          <>
            <h2>
              <span className="narration-phase">{current.phase}</span> {current.title}
              {current.skipped ? <span className="tag">skipped</span> : null}
            </h2>
            <p>{current.narration}</p>
          </>
        ) : (
          <p>Pick a scenario and press Start. Click a phase letter to stop there.</p>
        )}
      </div>
    </section>
  )
})
