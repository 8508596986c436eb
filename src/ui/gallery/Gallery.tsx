import { useMemo } from 'react'
import { SCENARIOS } from '../../../machines/index.ts'
import { STORIES } from '../../stories/catalogue.ts'
import type { Story } from '../../stories/story.ts'
import { formatRoute } from '../routing/route.ts'
import { StoryCard } from './StoryCard.tsx'
import { useRecordings } from './use-recordings.ts'
import './gallery.css'

/** Every story, grouped by flow and searchable; each plays live or from its recording. */
export function Gallery({ query, onQuery }: { query: string; onQuery: (query: string) => void }) {
  const matching = useMemo(() => STORIES.filter((story) => matches(story, query)), [query])
  const recordings = useRecordings(matching.map((story) => story.id))
  return (
    <section className="gallery" aria-labelledby="gallery-title">
      <div className="gallery-head">
        <h2 id="gallery-title">Story gallery</h2>
        <label>
          Search stories
          <input
            type="search"
            value={query}
            onChange={(event) => onQuery(event.target.value)}
            placeholder="mfa, sync, declined…"
          />
        </label>
        <a href={formatRoute({ page: 'tracer' })}>Back to the tracer</a>
      </div>
      {matching.length === 0 ? <p className="empty">No story matches “{query}”.</p> : null}
      {SCENARIOS.map((scenario) => {
        const stories = matching.filter((story) => story.scenario === scenario.id)
        if (stories.length === 0) return null
        return (
          <section key={scenario.id} className="gallery-group" aria-label={scenario.title}>
            <h3>{scenario.title}</h3>
            <ul className="story-cards">
              {stories.map((story) => (
                <StoryCard
                  key={story.id}
                  story={story}
                  recording={recordings.get(story.id) ?? { status: 'loading' }}
                />
              ))}
            </ul>
          </section>
        )
      })}
    </section>
  )
}

function matches(story: Story, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const text = `${story.id} ${story.title} ${story.teaches} ${story.scenario} ${story.outcome}`.toLowerCase()
  return words.every((word) => text.includes(word))
}
