import { readJson, requireString, send } from './http.ts'
import { LOGIN } from './well-known.ts'
import type { OpenIdConfiguration } from '../trace/ports.ts'


/** Phase A: ask Azure AD where its endpoints are. @see protocol.md "A. OpenID configuration" */
export function requestOpenIdConfiguration(fetcher: typeof fetch, tenant: string): Promise<Response> {
  return send(fetcher, `${LOGIN}/${encodeURIComponent(tenant)}/.well-known/openid-configuration`)
}

export async function processOpenIdConfiguration(response: Response): Promise<OpenIdConfiguration> {
  const body = await readJson(response, 'OpenID configuration')
  const what = 'OpenID configuration'
  return {
    issuer: requireString(body, 'issuer', what),
    authorizationEndpoint: requireString(body, 'authorization_endpoint', what),
    tokenEndpoint: requireString(body, 'token_endpoint', what),
    jwksUri: requireString(body, 'jwks_uri', what),
  }
}
