import type { FirstPartyClient } from './clients.ts'
import { redeemDeviceCode } from './device-code.ts'
import { ProtocolError } from './protocol-error.ts'
import { redeemRefreshToken, type SignIn } from './refresh-tokens.ts'
import { SAML2_BEARER, SAML_BEARER, samlGrant } from './saml-grant.ts'
import { missingParameter } from './scopes.ts'
import type { Tenant } from './tenant.ts'

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/** A grant that proves who signed in: the user's password (azure-ad.ts) and the ones below. */
export type PasswordGrant = (tenant: Tenant, form: URLSearchParams, clientId: string) => Promise<SignIn>

/**
 * The grants both token endpoints (v1 `oauth2/token`, v2.0 `oauth2/v2.0/token`) take, each
 * ending in the same thing: a sign-in the endpoint then answers in its own shape. Unknown
 * grants are AADSTS70003.
 */
export async function signInByGrant(
  tenant: Tenant,
  form: URLSearchParams,
  client: FirstPartyClient,
  password: PasswordGrant,
): Promise<SignIn> {
  const grantType = form.get('grant_type')
  switch (grantType) {
    case 'password':
      return password(tenant, form, client.appId)
    case SAML_BEARER:
      return samlGrant(tenant, form, client.appId)
    case SAML2_BEARER:
      return samlGrant(tenant, form, client.appId, 'saml2')
    case 'refresh_token':
      return redeemRefreshToken(tenant, required(form, 'refresh_token'), client)
    // v1 clients (ADAL, roadtx) send the device code as `code`; v2.0 clients as `device_code`.
    case 'device_code':
    case DEVICE_CODE_GRANT:
      return redeemDeviceCode(tenant, form.get('device_code') ?? required(form, 'code'), client)
    case null:
      throw missingParameter('grant_type')
    default:
      throw new ProtocolError(
        'azure-ad',
        400,
        'unsupported_grant_type',
        `The provided value for the input parameter 'grant_type' is not valid. Expected values are the following: 'authorization_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'client_credentials', 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', 'urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:device_code', 'refresh_token', 'password'.`,
        70003,
      )
  }
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name)
  if (!value) throw missingParameter(name)
  return value
}
