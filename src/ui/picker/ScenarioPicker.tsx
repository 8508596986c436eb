import { findScenario, SCENARIOS } from '../../../machines/index.ts'
import { LANE_TITLES } from '../../trace/lanes.ts'
import { storiesOf } from '../session/tracer-store.ts'
import { memo } from 'react'
import { useTracerSelect, useTracerStore } from '../session/use-tracer.ts'

/** The flows from the scenario registry, each with its summary and actors; a story and key choice for the chosen one. */
export const ScenarioPicker = memo(function ScenarioPicker() {
  const store = useTracerStore()
  const scenarioId = useTracerSelect((state) => state.scenarioId)
  const storyId = useTracerSelect((state) => state.storyId)
  const keys = useTracerSelect((state) => state.keys)
  const afterJoin = useTracerSelect((state) => state.afterJoin)
  const running = useTracerSelect((state) => state.run.status === 'running')
  const canGoOn = findScenario(scenarioId, true) !== undefined
  const stories = storiesOf(scenarioId)
  const story = stories.find((candidate) => candidate.id === storyId)
  return (
    <section className="picker" aria-label="Scenario picker">
      <fieldset className="scenarios">
        <legend>Scenario</legend>
        {SCENARIOS.map((scenario) => (
          <label key={scenario.id} className={`scenario-card${scenario.id === scenarioId ? ' chosen' : ''}`}>
            <input
              type="radio"
              name="scenario"
              value={scenario.id}
              checked={scenario.id === scenarioId}
              onChange={() => store.chooseScenario(scenario.id)}
            />
            <span className="scenario-title">{scenario.title}</span>
            <span className="scenario-summary">{scenario.summary}</span>
            <span className="scenario-actors">
              {scenario.lanes.map((lane) => LANE_TITLES[lane]).join(' · ')}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="picker-options">
        <label className="story-choice">
          Story
          <select value={storyId} onChange={(event) => store.chooseStory(event.target.value)}>
            {stories.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}
              </option>
            ))}
          </select>
        </label>
        {story ? <p className="story-teaches">{story.teaches}</p> : null}
        <label className="after-join">
          <input
            type="checkbox"
            checked={afterJoin && canGoOn}
            disabled={!canGoOn || running}
            onChange={(event) => store.chooseAfterJoin(event.target.checked)}
          />{' '}
          After the join: first sign-in (PRT), then a Windows Hello key
          {canGoOn ? null : <span className="after-join-note"> (cloud flows only)</span>}
        </label>
        <fieldset className="keys">
          <legend>Device keys</legend>
          <label>
            <input
              type="radio"
              name="keys"
              checked={keys === 'platform'}
              onChange={() => store.chooseKeys('platform')}
            />{' '}
            TPM (WebCrypto, non-extractable)
          </label>
          <label>
            <input
              type="radio"
              name="keys"
              checked={keys === 'software'}
              onChange={() => store.chooseKeys('software')}
            />{' '}
            No TPM (software, node-forge)
          </label>
        </fieldset>
      </div>
    </section>
  )
})
