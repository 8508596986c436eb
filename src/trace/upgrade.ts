import { TRACE_VERSION } from './version.ts'

/**
 * Brings a trace of an older version up to TRACE_VERSION before the schema checks it, so files and
 * shared links saved by an older build keep opening. Works on untrusted JSON: anything not shaped
 * as expected is passed on unchanged, and the schema then says what is wrong with it.
 *
 * Version 1 to 2: exchanges gained `duration`. A version 1 exchange reads as taking 0 ms: version 1
 * kept when a request went out but not when its answer came back (and its recordings were made on
 * a clock that stood still during a request, so 0 is what they measured).
 */
export function upgradeTrace(data: Record<string, unknown>): Record<string, unknown> {
  if (data.version !== 1 || !Array.isArray(data.steps)) return data
  return {
    ...data,
    version: TRACE_VERSION,
    steps: data.steps.map((step: unknown) =>
      isObject(step) && Array.isArray(step.exchanges)
        ? { ...step, exchanges: step.exchanges.map((exchange: unknown) => withDuration(exchange)) }
        : step,
    ),
  }
}

function withDuration(exchange: unknown): unknown {
  return isObject(exchange) ? { ...exchange, duration: 0 } : exchange
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
