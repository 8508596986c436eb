import { XMLParser } from 'fast-xml-parser'
import { JoinError } from './errors.ts'
import { send } from './http.ts'
import type { StsAnswer } from '../trace/ports.ts'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'input',
})

/** Phase C (federated): follow the realm's AuthURL to the STS sign-in page. */
export function requestStsSignInPage(fetcher: typeof fetch, authUrl: string): Promise<Response> {
  return send(fetcher, authUrl, { headers: { accept: 'text/html' } })
}

/**
 * Reads the STS's sign-in page: where its form posts the credentials. The action is read against
 * the page's address, and a form that would send the password anywhere but the STS itself (a
 * proxy's page in its place) is refused rather than followed.
 */
export async function processStsSignInPage(response: Response, pageUrl: string): Promise<string> {
  const html = await response.text()
  const form = readForm(html)
  if (form?.action) return stsAction(form.action, pageUrl, html)
  // An AuthURL the STS does not accept (unknown relying party) lands on its error page.
  const error = errorTextOf(parseBody(html))
  if (error)
    throw new JoinError(
      'DISCOVERY_FAILED',
      `The STS shows an error page instead of its sign-in form: ${error}`,
      { cause: html },
    )
  throw new JoinError('RESPONSE_MALFORMED', 'The STS sign-in page has no form to post the credentials to.', {
    cause: html,
  })
}

function stsAction(action: string, pageUrl: string, html: string): string {
  const page = new URL(pageUrl)
  let target: URL | undefined
  try {
    target = new URL(action, page)
  } catch {
    target = undefined
  }
  if (target?.protocol === 'https:' && target.host === page.host) return target.href
  throw new JoinError(
    'RESPONSE_MALFORMED',
    `The sign-in page's form posts to "${action}", not to the STS at ${page.host}: the device sends no password there.`,
    { cause: html },
  )
}

/** Phase D (federated): post the credentials to the STS, as its sign-in form does. */
export function postStsCredentials(
  fetcher: typeof fetch,
  action: string,
  username: string,
  password: string,
): Promise<Response> {
  return postForm(fetcher, action, {
    UserName: username,
    Password: password,
    AuthMethod: 'FormsAuthentication',
  })
}

export function postSecondFactor(
  fetcher: typeof fetch,
  action: string,
  context: string,
  code: string,
): Promise<Response> {
  return postForm(fetcher, action, {
    Context: context,
    VerificationCode: code,
    AuthMethod: 'TotpAuthenticationProvider',
  })
}

/** Reads the STS's page: the auto-posting token form, a second-factor form, or the form again with an error. */
export async function processStsAnswer(response: Response): Promise<StsAnswer> {
  const form = readForm(await response.text())
  if (!form)
    throw new JoinError('RESPONSE_MALFORMED', `The STS answered HTTP ${response.status} without a form.`)
  const wresult = form.fields.wresult
  if (wresult) return { kind: 'assertion', assertion: extractAssertion(wresult) }
  if (form.fields.Context && !form.error)
    return { kind: 'second-factor', action: form.action, context: form.fields.Context }
  const code = form.fields.Context ? 'MFA_REJECTED' : 'CREDENTIALS_REJECTED'
  throw new JoinError(code, `The STS refused the sign-in: ${form.error ?? 'no reason given'}`)
}

function postForm(fetcher: typeof fetch, action: string, fields: Record<string, string>): Promise<Response> {
  return send(fetcher, action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

interface PageForm {
  action: string
  fields: Record<string, string>
  error?: string
}

function parseBody(html: string): any {
  try {
    return parser.parse(html)?.html?.body
  } catch {
    return undefined
  }
}

// AD FS puts its reason for refusing in the page's #errorText paragraph.
function errorTextOf(body: any): string | undefined {
  return body?.p?.id === 'errorText' ? String(body.p['#text'] ?? '') : undefined
}

function readForm(html: string): PageForm | undefined {
  const body = parseBody(html)
  const form = body?.form
  if (!form) return undefined
  const fields = Object.fromEntries(
    (form.input ?? [])
      .filter((input: any) => input.name)
      .map((input: any) => [input.name, String(input.value ?? '')]),
  )
  return { action: String(form.action ?? ''), fields, error: errorTextOf(body) }
}

// The token travels as-is: its signature covers its exact bytes, so it is cut out, not rebuilt.
function extractAssertion(wresult: string): string {
  const start = wresult.indexOf('<saml:Assertion')
  const end = wresult.lastIndexOf('</saml:Assertion>')
  if (start < 0 || end < 0)
    throw new JoinError('RESPONSE_MALFORMED', 'The STS "wresult" holds no SAML assertion.')
  return wresult.slice(start, end + '</saml:Assertion>'.length)
}
