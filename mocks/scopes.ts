import { MICROSOFT_GRAPH } from './clients.ts'
import { ProtocolError } from './protocol-error.ts'

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access'])

/** What a v2.0 `scope` parameter asks for: one resource, its scopes as named, and the OpenID ones. */
export interface ScopeRequest {
  /** The resource as the client named it (URI or app ID), Microsoft Graph when it named none. */
  resourceName: string
  /** The resource's scopes as requested (`…/.default`, `…/User.Read`). */
  resourceScopes: string[]
  oidc: Set<string>
}

/**
 * Reads a v2.0 `scope`: `<resource>/.default` or `<resource>/<scope>` name the resource (its URI
 * or app ID; a bare scope such as `User.Read` means Microsoft Graph), `openid profile email
 * offline_access` are OpenID Connect's. A request naming two resources is refused, as Azure AD
 * does (AADSTS28000), and so is a missing scope (AADSTS900144).
 */
export function parseScopes(scope: string | null): ScopeRequest {
  const names = (scope ?? '').split(/\s+/).filter(Boolean)
  if (names.length === 0) throw missingParameter('scope')
  const oidc = new Set(names.filter((name) => OIDC_SCOPES.has(name.toLowerCase())))
  const resourceScopes = names.filter((name) => !OIDC_SCOPES.has(name.toLowerCase()))
  const resources = new Set(resourceScopes.map(resourceOf))
  if (resources.size > 1)
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_scope',
      `Provided value for the input parameter scope '${names.join(' ')}' is not valid because it contains more than one resource. Scope ${[...resources].join(' ')} is not valid.`,
      28000,
    )
  const [resourceName = MICROSOFT_GRAPH.uri] = resources
  return { resourceName, resourceScopes, oidc }
}

// "https://graph.microsoft.com/User.Read" → "https://graph.microsoft.com"; Azure CLI's
// "https://management.core.windows.net//.default" → "https://management.core.windows.net".
function resourceOf(scope: string): string {
  const cut = scope.lastIndexOf('/')
  if (cut <= 0) return MICROSOFT_GRAPH.uri
  return scope.slice(0, cut).replace(/\/+$/, '')
}

export function missingParameter(name: string): ProtocolError {
  return new ProtocolError(
    'azure-ad',
    400,
    'invalid_request',
    `The request body must contain the following parameter: '${name}'.`,
    900144,
  )
}
