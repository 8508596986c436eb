import { z } from 'zod'
import { JOIN_ERROR_CODES } from './outcome.ts'
import { LANES } from './lanes.ts'
import { PHASE_LETTERS, SCENARIO_IDS } from './phases.ts'

/**
 * The trace: the one JSON document a run leaves behind, read by the UI, the runner, playback and
 * tests. docs/trace-format.md documents every attribute; bump TRACE_VERSION on any change that an
 * older reader would misread.
 */
export const TRACE_FORMAT = 'device-join-trace'
export const TRACE_VERSION = 1

const headers = z.record(z.string(), z.string())

export const exchangeSchema = z.object({
  id: z.string(),
  protocol: z.enum(['http', 'ldap', 'sync']),
  from: z.enum(LANES),
  to: z.enum(LANES),
  at: z.number().nonnegative(),
  request: z.object({
    method: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not an HTTP method token'),
    url: z.string(),
    headers,
    body: z.string(),
  }),
  response: z.object({ status: z.number().int(), headers, body: z.string() }),
})

export const stepSchema = z.object({
  index: z.number().int().nonnegative(),
  phase: z.enum(PHASE_LETTERS),
  state: z.string(),
  title: z.string(),
  narration: z.string(),
  at: z.number().nonnegative(),
  skipped: z.boolean().optional(),
  prompt: z.string().optional(),
  exchanges: z.array(exchangeSchema),
})

export const failureSchema = z.object({
  code: z.enum(JOIN_ERROR_CODES),
  message: z.string(),
  phase: z.enum(PHASE_LETTERS).optional(),
})

export const artifactsSchema = z
  .object({
    deviceId: z.string(),
    csr: z.string(),
    deviceCertificate: z.string(),
    caCertificate: z.string(),
    transportKey: z.string(),
    idToken: z.string(),
    accessToken: z.string(),
    keyProvider: z.string(),
    tpmProtected: z.boolean(),
  })
  .partial()
  .catchall(z.union([z.string(), z.boolean(), z.number()]))

export const traceSchema = z.object({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(TRACE_VERSION),
  /** A flow, or `server-session`: what real clients did against `npm run serve`. */
  scenario: z.union([z.enum(SCENARIO_IDS), z.literal('server-session')]),
  story: z.string().optional(),
  startedAt: z.string(),
  /** `pending`: a server session in which no device has registered yet. */
  outcome: z.union([z.literal('registered'), z.literal('pending'), z.enum(JOIN_ERROR_CODES)]),
  failure: failureSchema.optional(),
  steps: z.array(stepSchema),
  artifacts: artifactsSchema,
  device: z.record(z.string(), z.record(z.string(), z.string())).optional(),
})

export type Exchange = z.infer<typeof exchangeSchema>
export type Step = z.infer<typeof stepSchema>
export type Failure = z.infer<typeof failureSchema>
export type Artifacts = z.infer<typeof artifactsSchema>
export type Trace = z.infer<typeof traceSchema>
