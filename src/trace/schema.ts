import { z } from 'zod'
import { JOIN_ERROR_CODES } from './outcome.ts'
import { LANES } from './lanes.ts'
import { PHASE_LETTERS, PROMPTS, SCENARIO_IDS } from './phases.ts'
import { TRACE_FORMAT, TRACE_VERSION } from './version.ts'

/**
 * The trace: the one JSON document a run leaves behind, read by the UI, the runner, playback and
 * tests. docs/trace-format.md documents every attribute, and tests/trace/docs.test.ts holds this
 * schema to its tables; bump TRACE_VERSION on any change that an older reader would misread.
 * Attributes a reader does not know are dropped.
 */

/** The ends a trace can record besides a failure code; `pending` only for a server session. */
const OUTCOMES = ['registered', 'pending'] as const
const PROTOCOLS = ['http', 'ldap', 'sync'] as const

const headers = z.record(z.string(), z.string())

export const exchangeSchema = z.object({
  id: z.string(),
  protocol: z.enum(PROTOCOLS),
  from: z.enum(LANES),
  to: z.enum(LANES),
  at: z.number().nonnegative(),
  /** Milliseconds from the request going out to its answer, on the same clock (version 2). */
  duration: z.number().nonnegative(),
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
  skipped: z.literal(true).optional(),
  prompt: z.enum(PROMPTS).optional(),
  exchanges: z.array(exchangeSchema),
})

const failureSchema = z.object({
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

const SERVER_SESSION = 'server-session'

export const traceSchema = z
  .object({
    format: z.literal(TRACE_FORMAT),
    version: z.literal(TRACE_VERSION),
    /** A flow, or `server-session`: what real clients did against `npm run serve`. */
    scenario: z.union([z.enum(SCENARIO_IDS), z.literal(SERVER_SESSION)]),
    story: z.string().optional(),
    /** The cloud flow went on after the join: first sign-in (PRT) and Windows Hello key phases. */
    afterJoin: z.literal(true).optional(),
    startedAt: z.iso.datetime({ offset: true }),
    /**
     * `pending`: nothing registered and nothing refused yet: a server session, or a capture (HAR)
     * that stops before the join. A run of this app's own machines always ends otherwise.
     */
    outcome: z.union([z.enum(OUTCOMES), z.enum(JOIN_ERROR_CODES)]),
    failure: failureSchema.optional(),
    steps: z.array(stepSchema),
    artifacts: artifactsSchema,
    device: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .superRefine((trace, context) => {
    const failed = !(OUTCOMES as readonly string[]).includes(trace.outcome)
    if (failed && trace.failure?.code !== trace.outcome)
      context.addIssue({
        code: 'custom',
        path: ['failure'],
        message: `a trace that ended ${trace.outcome} needs "failure" with that code`,
      })
    if (!failed && trace.failure)
      context.addIssue({
        code: 'custom',
        path: ['failure'],
        message: `a trace that ended ${trace.outcome} has no "failure"`,
      })
    trace.steps.forEach((step, index) => {
      if (step.index !== index)
        context.addIssue({
          code: 'custom',
          path: ['steps', index, 'index'],
          message: `is ${step.index}, not its position ${index}`,
        })
    })
    // The page keys, selects and deep-links exchanges by ID: two with one ID would open the wrong one.
    const seen = new Map<string, string>()
    trace.steps.forEach((step, index) =>
      step.exchanges.forEach((exchange, position) => {
        const earlier = seen.get(exchange.id)
        if (earlier !== undefined)
          context.addIssue({
            code: 'custom',
            path: ['steps', index, 'exchanges', position, 'id'],
            message: `the exchange ID ${JSON.stringify(exchange.id)} is already used at ${earlier}; exchange IDs must be unique`,
          })
        else seen.set(exchange.id, `steps.${index}.exchanges.${position}`)
      }),
    )
  })

export type Exchange = z.infer<typeof exchangeSchema>
export type Step = z.infer<typeof stepSchema>
export type Failure = z.infer<typeof failureSchema>
export type Artifacts = z.infer<typeof artifactsSchema>
export type Trace = z.infer<typeof traceSchema>
