import { describe, expect, it } from 'vitest'
import { DRS_RETRY, retryingFetch } from '../../src/device/retry.ts'

/** A fetch that answers from a script, one entry per call: a status, or 'drop' for a network error. */
function scripted(script: Array<number | 'drop'>) {
  const calls: string[] = []
  const fetcher = (async (input: RequestInfo | URL) => {
    calls.push(String(input))
    const next = script.shift() ?? 200
    if (next === 'drop') throw new TypeError('Failed to fetch')
    return new Response('{}', { status: next })
  }) as typeof fetch
  return { fetcher, calls }
}

const JOIN = 'https://enterpriseregistration.windows.net/EnrollmentServer/device/?api-version=2.0'

describe('retrying DRS', () => {
  it('sends again after 503 or no answer, backing off on the given clock, and stops at the first real answer', async () => {
    const { fetcher, calls } = scripted([503, 'drop', 200])
    const pauses: number[] = []
    const response = await retryingFetch(fetcher, (ms) => pauses.push(ms))(JOIN, {
      method: 'POST',
      body: '{}',
    })
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(3)
    expect(pauses).toEqual([5_000, 10_000])
  })

  it(`gives up after ${DRS_RETRY.attempts} tries with the last answer, or the last network error`, async () => {
    const busy = scripted([503, 503, 503, 200])
    expect((await retryingFetch(busy.fetcher, () => {})(JOIN)).status).toBe(503)
    expect(busy.calls).toHaveLength(DRS_RETRY.attempts)
    const gone = scripted(['drop', 'drop', 'drop', 200])
    await expect(retryingFetch(gone.fetcher, () => {})(JOIN)).rejects.toThrow('Failed to fetch')
    expect(gone.calls).toHaveLength(DRS_RETRY.attempts)
  })

  it('sends once what is not worth sending again: a 500, a 4xx, or any service but DRS', async () => {
    for (const [url, status] of [
      [JOIN, 500],
      [JOIN, 401],
      ['https://login.microsoftonline.com/common/userrealm/a%40b.c', 503],
      ['https://enterpriseregistration.windows.net.example/x', 503],
    ] as const) {
      const { fetcher, calls } = scripted([status, 200])
      expect((await retryingFetch(fetcher, () => {})(url)).status, url).toBe(status)
      expect(calls, url).toHaveLength(1)
    }
  })
})
