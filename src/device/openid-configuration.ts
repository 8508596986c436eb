import { JoinError } from './errors.ts'
import { readJson, requireString, send } from './http.ts'
import { LOGIN } from './well-known.ts'
import type { OpenIdConfiguration } from '../trace/ports.ts'

/** Phase A: ask Azure AD where its endpoints are. @see protocol.md "A. OpenID configuration" */
export function requestOpenIdConfiguration(fetcher: typeof fetch, tenant: string): Promise<Response> {
  return send(fetcher, `${LOGIN}/${encodeURIComponent(tenant)}/.well-known/openid-configuration`)
}

/** Phase A: fetch the keys Azure AD signs tokens with, so the ID token can be checked later. */
export function requestSigningKeys(fetcher: typeof fetch, jwksUri: string): Promise<Response> {
  return send(fetcher, jwksUri)
}

export async function processSigningKeys(
  response: Response,
): Promise<{ keys: Array<Record<string, unknown>> }> {
  const body = await readJson(response, 'signing key set')
  if (!Array.isArray(body.keys) || body.keys.length === 0)
    throw new JoinError('RESPONSE_MALFORMED', 'The signing key set has no "keys".', { cause: body })
  return { keys: body.keys as Array<Record<string, unknown>> }
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
