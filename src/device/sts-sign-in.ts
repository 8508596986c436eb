import { XMLParser } from 'fast-xml-parser'
import { JoinError } from './errors.ts'
import { send } from './http.ts'
import type { StsAnswer } from '../trace/ports.ts'


const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'input' })

/** Phase C (federated): follow the realm's AuthURL to the STS sign-in page. */
export function requestStsSignInPage(fetcher: typeof fetch, authUrl: string): Promise<Response> {
  return send(fetcher, authUrl, { headers: { accept: 'text/html' } })
}

export async function processStsSignInPage(response: Response): Promise<string> {
  const form = readForm(await response.text())
  if (!form?.action) throw new JoinError('RESPONSE_MALFORMED', 'The STS sign-in page has no form to post the credentials to.')
  return form.action
}

/** Phase D (federated): post the credentials to the STS, as its sign-in form does. */
export function postStsCredentials(fetcher: typeof fetch, action: string, username: string, password: string): Promise<Response> {
  return postForm(fetcher, action, { UserName: username, Password: password, AuthMethod: 'FormsAuthentication' })
}

export function postSecondFactor(fetcher: typeof fetch, action: string, context: string, code: string): Promise<Response> {
  return postForm(fetcher, action, { Context: context, VerificationCode: code, AuthMethod: 'TotpAuthenticationProvider' })
}

/** Reads the STS's page: the auto-posting token form, a second-factor form, or the form again with an error. */
export async function processStsAnswer(response: Response): Promise<StsAnswer> {
  const form = readForm(await response.text())
  if (!form) throw new JoinError('RESPONSE_MALFORMED', `The STS answered HTTP ${response.status} without a form.`)
  const wresult = form.fields.wresult
  if (wresult) return { kind: 'assertion', assertion: extractAssertion(wresult) }
  if (form.fields.Context && !form.error) return { kind: 'second-factor', action: form.action, context: form.fields.Context }
  const code = form.fields.Context ? 'MFA_REJECTED' : 'CREDENTIALS_REJECTED'
  throw new JoinError(code, `The STS refused the sign-in: ${form.error ?? 'no reason given'}`)
}

function postForm(fetcher: typeof fetch, action: string, fields: Record<string, string>): Promise<Response> {
  return send(fetcher, action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
}

interface PageForm {
  action: string
  fields: Record<string, string>
  error?: string
}

function readForm(html: string): PageForm | undefined {
  let document: any
  try {
    document = parser.parse(html)
  } catch {
    return undefined
  }
  const body = document?.html?.body
  const form = body?.form
  if (!form) return undefined
  const fields = Object.fromEntries((form.input ?? []).filter((input: any) => input.name).map((input: any) => [input.name, String(input.value ?? '')]))
  const error = body.p?.id === 'errorText' ? String(body.p['#text'] ?? '') : undefined
  return { action: String(form.action ?? ''), fields, error }
}

// The token travels as-is: its signature covers its exact bytes, so it is cut out, not rebuilt.
function extractAssertion(wresult: string): string {
  const start = wresult.indexOf('<saml:Assertion')
  const end = wresult.lastIndexOf('</saml:Assertion>')
  if (start < 0 || end < 0) throw new JoinError('RESPONSE_MALFORMED', 'The STS "wresult" holds no SAML assertion.')
  return wresult.slice(start, end + '</saml:Assertion>'.length)
}
