import { describe, expect, it } from 'vitest'
import { findScenario } from '../../machines/index.ts'
import { runStoryInNode } from '../../src/cli/run-story.ts'
import { createHeadlessClock } from '../../src/engine/run-clock.ts'
import { STORIES } from '../../src/stories/catalogue.ts'
import { opensslVerify } from '../support/openssl.ts'

// Each story runs as `npm run flow -- --story <id>` runs it, and its certificate is checked the way
// the README says, with openssl at the wall-clock time right after the run.
describe.each(STORIES.map((story) => [story.id, story] as const))(
  'story %s, run as npm run flow',
  (_, story) => {
    // A story that fails after the join (its first sign-in or Windows Hello) has its certificate.
    const joinPhases = findScenario(story.scenario)!.phases as readonly string[]
    const joined = story.outcome === 'registered' || story.afterJoin === true
    it(
      joined
        ? 'issues a certificate that openssl verifies against the trace CA right after the run'
        : 'ends without a device certificate',
      async () => {
        const clock = createHeadlessClock()
        const { trace } = await runStoryInNode(story, { clock })
        expect(clock.now(), "the run's clock stays behind the wall clock").toBeLessThanOrEqual(Date.now())
        const { deviceCertificate, caCertificate } = trace.artifacts
        if (!joined) return expect(deviceCertificate).toBeUndefined()
        if (story.outcome !== 'registered') expect(joinPhases).not.toContain(trace.failure?.phase)
        const verdict = opensslVerify(caCertificate!, deviceCertificate!)
        expect(verdict.output).toMatch(/: OK$/)
        expect(verdict.ok).toBe(true)
      },
    )
  },
)
