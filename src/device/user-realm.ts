import { JoinError } from './errors.ts'
import { readJson, requireString, send } from './http.ts'
import { LOGIN } from './well-known.ts'
import type { UserRealm } from '../trace/ports.ts'

/** Phase C: is the user's domain managed or federated? @see protocol.md "B/C. User realm discovery" */
export function requestUserRealm(fetcher: typeof fetch, upn: string): Promise<Response> {
  return send(fetcher, `${LOGIN}/common/userrealm/${encodeURIComponent(upn)}?api-version=2.1`)
}

export async function processUserRealm(response: Response, upn: string): Promise<UserRealm> {
  const body = await readJson(response, 'user realm answer')
  const kind = requireString(body, 'NameSpaceType', 'user realm answer')
  const domain = typeof body.DomainName === 'string' ? body.DomainName : (upn.split('@')[1] ?? '')
  if (kind === 'Managed') return { kind: 'managed', domain }
  if (kind === 'Federated') {
    const authUrl = requireString(body, 'AuthURL', 'federated realm answer')
    const activeAuthUrl =
      typeof body.federation_active_auth_url === 'string' ? body.federation_active_auth_url : undefined
    return { kind: 'federated', domain, authUrl, activeAuthUrl }
  }
  throw new JoinError(
    'USER_NOT_FOUND',
    `Azure AD does not know the domain of "${upn}" (NameSpaceType "${kind}").`,
    { cause: body },
  )
}
