import { JoinError } from './errors.ts'
import { send } from './http.ts'

/** Phase D: fetch the MDM terms of use the `mdm_tou_url` claim points at, to show the user. */
export function requestTermsOfUse(fetcher: typeof fetch, url: string): Promise<Response> {
  return send(fetcher, url, { headers: { accept: 'text/plain, text/html' } })
}

export async function processTermsOfUse(response: Response): Promise<string> {
  const text = await response.text()
  if (!response.ok)
    throw new JoinError(
      'SERVICE_UNAVAILABLE',
      `The terms of use could not be fetched (HTTP ${response.status}).`,
      { cause: text },
    )
  return text
}
