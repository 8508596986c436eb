import { http, HttpResponse } from 'msw'
import { ProtocolError } from './protocol-error.ts'
import { guarded, readForm } from './respond.ts'
import type { Tenant } from './tenant.ts'
import { issueTokens, subjectOf, userIdClaims } from './tokens.ts'
import { LOGIN } from './well-known.ts'
import { realmAnswer } from './user-realm.ts'
import { requireClient, requireResourceFor } from './clients.ts'
import type { SignIn } from './refresh-tokens.ts'
import { missingParameter } from './scopes.ts'
import { signInByGrant } from './token-grants.ts'
import { requireKnownTenant } from './known-tenant.ts'
import { answerDeviceGrant } from './prt.ts'

/**
 * Azure AD (Entra ID): OpenID configuration, signing keys, user realm discovery and the v1 token
 * endpoint. @see protocol.md "A. OpenID configuration", "B/C. User realm", "C/D. Tokens"
 */
export function createAzureAdHandlers(tenant: Tenant) {
  return [
    http.get(
      `${LOGIN}/:tenant/.well-known/openid-configuration`,
      guarded(tenant, 'azure-ad', 'azure-ad', ({ params }) => {
        requireKnownTenant(tenant, String(params.tenant))
        return HttpResponse.json(openIdConfiguration(tenant))
      }),
    ),
    http.get(
      `${LOGIN}/common/discovery/keys`,
      guarded(tenant, 'azure-ad', 'azure-ad', async () => {
        const key = await tenant.signingKey()
        return HttpResponse.json({ keys: [key.jwk] })
      }),
    ),
    http.get(
      `${LOGIN}/common/userrealm/:upn`,
      guarded(tenant, 'azure-ad', 'azure-ad', ({ request, params }) => {
        const apiVersion = new URL(request.url).searchParams.get('api-version') ?? '1.0'
        // MSW has already decoded the path parameter once; decoding it again would read %2540 as "@".
        return HttpResponse.json(realmAnswer(tenant, String(params.upn), apiVersion))
      }),
    ),
    http.post(
      `${LOGIN}/:tenant/oauth2/token`,
      guarded(tenant, 'azure-ad', 'azure-ad', async ({ request, params }) => {
        requireKnownTenant(tenant, String(params.tenant))
        return HttpResponse.json(await grantToken(tenant, await readForm(request)))
      }),
    ),
  ]
}

function openIdConfiguration(tenant: Tenant) {
  const { tenantId, region } = tenant.fixture
  return {
    token_endpoint: `${LOGIN}/${tenantId}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${LOGIN}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: `https://sts.windows.net/${tenantId}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${LOGIN}/${tenantId}/oauth2/authorize`,
    device_authorization_endpoint: `${LOGIN}/${tenantId}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${LOGIN}/${tenantId}/oauth2/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'amr',
      'nonce',
      'email',
      'given_name',
      'family_name',
      'nickname',
    ],
    check_session_iframe: `${LOGIN}/${tenantId}/oauth2/checksession`,
    userinfo_endpoint: `${LOGIN}/${tenantId}/openid/userinfo`,
    kerberos_endpoint: `${LOGIN}/${tenantId}/kerberos`,
    tenant_region_scope: region,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  }
}

/**
 * The v1 token endpoint: a device's nonce and PRT requests first (prt.ts), then a client the tenant knows (clients.ts), a `resource` it is pre-authorized
 * for, and one of the grants in token-grants.ts, answered in the v1 shape.
 */
async function grantToken(tenant: Tenant, form: URLSearchParams) {
  const deviceAnswer = await answerDeviceGrant(tenant, form, passwordGrant)
  if (deviceAnswer) return deviceAnswer
  const client = requireClient(tenant, form.get('client_id') ?? '')
  const resourceName = form.get('resource')
  if (!resourceName) throw missingParameter('resource')
  const resource = requireResourceFor(tenant, client, resourceName)
  const signIn = await signInByGrant(tenant, form, client, passwordGrant)
  return issueTokens(tenant, { ...signIn, resource: resource.uri })
}

/**
 * The password grant (ROPC). Rules:
 * - the user exists and the domain is managed (federated users must go through their STS);
 * - the password matches.
 */
export async function passwordGrant(
  tenant: Tenant,
  form: URLSearchParams,
  clientId: string,
): Promise<SignIn> {
  const username = (form.get('username') ?? '').toLowerCase()
  const user = tenant.fixture.users.find((candidate) => candidate.upn.toLowerCase() === username)
  if (!user) {
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_grant',
      `User account '${username}' does not exist in tenant '${tenant.fixture.displayName}' and cannot access the application.`,
      50034,
    )
  }
  if (tenant.fixture.federation) {
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_grant',
      'The user belongs to a federated domain: authenticate at the federation service and present its token.',
      50126,
    )
  }
  checkSmartLockout(tenant, username, form.get('password') === user.password)
  if (form.get('password') !== user.password) {
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_grant',
      'Error validating credentials due to invalid username or password.',
      50126,
    )
  }
  return { clientId, subject: subjectOf(user), amr: ['pwd'], extraIdClaims: userIdClaims(tenant) }
}

/**
 * Smart lockout (fixture `smartLockout`): wrong passwords are counted per user; at the threshold the
 * account locks for a while, and any sign-in during the lock is refused with AADSTS50053 before the
 * password is even looked at. The wording is Azure AD's own for 50053 (as seen in real answers,
 * e.g. Azure CLI issue 26763), in the usual invalid_grant shape.
 */
function checkSmartLockout(tenant: Tenant, username: string, passwordMatches: boolean): void {
  const policy = tenant.fixture.smartLockout
  if (!policy) return
  const now = tenant.deps.now()
  const state = tenant.lockouts.get(username) ?? { failures: 0, lockedUntil: 0 }
  if (now < state.lockedUntil)
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_grant',
      "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.",
      50053,
    )
  if (passwordMatches) return void tenant.lockouts.delete(username)
  state.failures += 1
  if (state.failures >= policy.threshold) {
    state.failures = 0
    state.lockedUntil = now + policy.lockoutSeconds * 1000
  }
  tenant.lockouts.set(username, state)
}
