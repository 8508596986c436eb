import type { Trace } from '../trace/schema.ts'

/**
 * What must match between a recording and a live run of the same story: the phases, states,
 * exchanges (who talked to whom, method, URL, status, when it started and how long it took: on
 * the simulated clock from RECORDING_EPOCH with each service's fixed latency, those are the same
 * every run) and the outcome. Keys, tokens and certificates are left out: they differ on every run
 * by design.
 */
export function traceOutline(trace: Trace) {
  return {
    scenario: trace.scenario,
    story: trace.story,
    outcome: trace.outcome,
    failure: trace.failure?.code,
    steps: trace.steps.map((step) => ({
      phase: step.phase,
      state: step.state,
      skipped: step.skipped ?? false,
      prompt: step.prompt,
      exchanges: step.exchanges.map(
        (exchange) =>
          `${exchange.protocol} ${exchange.from}->${exchange.to} ${exchange.request.method} ${exchange.request.url} ${exchange.response.status} at ${exchange.at} ms for ${exchange.duration} ms`,
      ),
    })),
  }
}

/** Recordings are made on this clock, so replays show the same times. */
export const RECORDING_EPOCH = Date.parse('2026-01-15T09:00:00Z')
