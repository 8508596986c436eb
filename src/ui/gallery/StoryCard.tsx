import type { Story } from '../../stories/story.ts'
import { CopyButton } from '../inspector/CopyButton.tsx'
import { formatRoute } from '../routing/route.ts'
import { phaseSummary } from './phase-summary.ts'
import type { RecordingState } from './use-recordings.ts'

/** One story: what it teaches, its phases at a glance, and the ways to open it. */
export function StoryCard({ story, recording }: { story: Story; recording: RecordingState }) {
  const replay = formatRoute({ page: 'story', storyId: story.id, mode: 'replay' })
  const live = formatRoute({ page: 'story', storyId: story.id, mode: 'live' })
  return (
    <li className="story-card" data-story={story.id}>
      <h4>{story.title}</h4>
      <p className="story-teaches">{story.teaches}</p>
      <PhaseStrip recording={recording} />
      <p className="story-outcome">
        Ends: <strong className={story.outcome === 'registered' ? 'ok' : 'fail'}>{story.outcome}</strong>
        {story.keyProvider === 'software' ? <span className="tag">no TPM</span> : null}
      </p>
      <div className="story-actions">
        <a className="button" href={replay} aria-label={`Replay the recording of ${story.title}`}>
          Replay
        </a>
        <a className="button" href={live} aria-label={`Play ${story.title} live`}>
          Play live
        </a>
        <CopyButton text={new URL(replay, window.location.href).href} label="Copy link" />
      </div>
    </li>
  )
}

function PhaseStrip({ recording }: { recording: RecordingState }) {
  if (recording.status === 'loading') return <p className="phase-strip empty">Loading the recording…</p>
  if (recording.status === 'missing') return <p className="phase-strip empty">No recording: play it live.</p>
  if (recording.status === 'broken')
    return <p className="phase-strip fail">The recording is not a valid trace.</p>
  const marks = phaseSummary(recording.trace)
  return (
    <ol
      className="phase-strip"
      aria-label={`Phases: ${marks.map((mark) => `${mark.phase} ${mark.state}`).join(', ')}`}
    >
      {marks.map((mark, index) => (
        <li key={index} className={`mark mark-${mark.state}`} title={`${mark.phase}: ${mark.state}`}>
          {mark.phase}
        </li>
      ))}
    </ol>
  )
}
