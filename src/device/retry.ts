import { DRS } from './well-known.ts'

/**
 * How the device retries the Device Registration Service. What is known: DRS answering 503 is
 * DSREG_SERVER_BUSY, "retry later", and the join task itself runs again at the next sign-in and
 * hourly (diagnostics.md 3.1, protocol-notes.md 4). How often Windows retries within one attempt,
 * and how long it backs off, is not in the references: three tries, five then ten seconds apart,
 * is our choice, kept well inside the 30 seconds the device waits for a service.
 */
export const DRS_RETRY = { attempts: 3, backoffMs: [5_000, 10_000] } as const

/**
 * Wraps fetch so a request to DRS that got no answer (a network error) or 503 is sent again after
 * a back-off; `pause` lets that time pass on the run's clock (it never sleeps). Each try goes
 * through `inner`, so each is its own exchange in the trace. Other services are not retried.
 */
export function retryingFetch(inner: typeof fetch, pause: (ms: number) => void): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (!url.startsWith(`${DRS}/`)) return inner(input, init)
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= DRS_RETRY.attempts
      let response: Response
      try {
        response = await inner(input, init)
      } catch (error) {
        if (last) throw error
        pause(DRS_RETRY.backoffMs[attempt - 1]!)
        continue
      }
      if (response.status !== 503 || last) return response
      pause(DRS_RETRY.backoffMs[attempt - 1]!)
    }
  }
}
