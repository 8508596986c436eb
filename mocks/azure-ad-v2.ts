import { http, HttpResponse } from 'msw'
import { passwordGrant } from './azure-ad.ts'
import { requireKnownTenant } from './known-tenant.ts'
import { requireClient, requireResourceFor, type Resource } from './clients.ts'
import { ProtocolError } from './protocol-error.ts'
import { guarded, readForm } from './respond.ts'
import { parseScopes, type ScopeRequest } from './scopes.ts'
import type { Tenant } from './tenant.ts'
import { signInByGrant } from './token-grants.ts'
import { issueTokensV2 } from './tokens.ts'
import { LOGIN } from './well-known.ts'

const LOGIN_HOST = new URL(LOGIN).host
/** The names Azure AD's public cloud answers to [spec: msal-common AuthorityMetadata hard-codes them]. */
const CLOUD_ALIASES = [
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
]

/**
 * The Microsoft identity platform (v2.0) endpoints MSAL and the Azure CLI use: instance
 * discovery, the v2.0 OpenID configuration and signing keys, and `oauth2/v2.0/token`.
 */
export function createAzureAdV2Handlers(tenant: Tenant) {
  return [
    http.get(
      `${LOGIN}/common/discovery/instance`,
      guarded(tenant, 'azure-ad', 'azure-ad', ({ request }) =>
        HttpResponse.json(instanceDiscovery(request.url)),
      ),
    ),
    http.get(
      `${LOGIN}/:tenant/v2.0/.well-known/openid-configuration`,
      guarded(tenant, 'azure-ad', 'azure-ad', ({ params }) => {
        const name = String(params.tenant)
        requireKnownTenant(tenant, name)
        return HttpResponse.json(openIdConfigurationV2(tenant, name))
      }),
    ),
    http.get(
      `${LOGIN}/:tenant/discovery/v2.0/keys`,
      guarded(tenant, 'azure-ad', 'azure-ad', async ({ params }) => {
        requireKnownTenant(tenant, String(params.tenant))
        return HttpResponse.json({ keys: [(await tenant.signingKey()).jwk] })
      }),
    ),
    http.post(
      `${LOGIN}/:tenant/oauth2/v2.0/token`,
      guarded(tenant, 'azure-ad', 'azure-ad', async ({ request, params }) => {
        requireKnownTenant(tenant, String(params.tenant))
        return HttpResponse.json(await grantTokenV2(tenant, await readForm(request)))
      }),
    ),
  ]
}

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…`: where the tenant's
 * OpenID configuration is, and the cloud's host aliases. A host that is not this cloud's is
 * AADSTS50049 `invalid_instance`, which MSAL treats as "no metadata" (msal-common Authority).
 */
function instanceDiscovery(url: string) {
  const query = new URL(url).searchParams
  const endpoint = query.get('authorization_endpoint') ?? ''
  let authorize: URL
  try {
    authorize = new URL(endpoint)
  } catch {
    throw invalidInstance()
  }
  if (authorize.protocol !== 'https:' || !CLOUD_ALIASES.includes(authorize.host.toLowerCase()))
    throw invalidInstance()
  const [tenantName = 'common'] = authorize.pathname.split('/').filter(Boolean)
  const v2 = authorize.pathname.includes('/v2.0/')
  return {
    tenant_discovery_endpoint: `${LOGIN}/${tenantName}${v2 ? '/v2.0' : ''}/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [
      { preferred_network: LOGIN_HOST, preferred_cache: 'login.windows.net', aliases: CLOUD_ALIASES },
    ],
  }
}

function invalidInstance(): ProtocolError {
  return new ProtocolError('azure-ad', 400, 'invalid_instance', 'Unknown or invalid instance.', 50049)
}

/** The v2.0 OpenID configuration: v2 issuer (`{tenantid}` left as is for common/organizations). */
function openIdConfigurationV2(tenant: Tenant, name: string) {
  const { tenantId, region } = tenant.fixture
  const id = ['common', 'organizations'].includes(name.toLowerCase()) ? '{tenantid}' : tenantId
  const base = `${LOGIN}/${['common', 'organizations'].includes(name.toLowerCase()) ? name.toLowerCase() : tenantId}`
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${LOGIN}/${id}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: region,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  }
}

/** The v2.0 token endpoint: the same grants as v1, the resource read from `scope`. */
async function grantTokenV2(tenant: Tenant, form: URLSearchParams) {
  const client = requireClient(tenant, form.get('client_id') ?? '')
  const scopes = parseScopes(form.get('scope'))
  const resource = requireResourceFor(tenant, client, scopes.resourceName)
  const signIn = await signInByGrant(tenant, form, client, passwordGrant)
  return issueTokensV2(
    tenant,
    { ...signIn, resource: resource.uri, scope: delegatedScopes(scopes, resource) },
    {
      scope: [...scopes.resourceScopes, ...scopes.oidc].join(' '),
      openid: scopes.oidc.has('openid'),
      offlineAccess: scopes.oidc.has('offline_access'),
      clientInfo: form.get('client_info') === '1',
    },
  )
}

// `scp` of the access token: the named scopes, or the resource's own for `.default`.
function delegatedScopes(scopes: ScopeRequest, resource: Resource): string {
  const named = scopes.resourceScopes
    .map((scope) => scope.slice(scope.lastIndexOf('/') + 1))
    .filter((scope) => scope && scope !== '.default')
  return named.length > 0 ? named.join(' ') : resource.delegatedScope
}
