import { EmbeddedJWK, jwtVerify } from 'jose'
import { http, HttpResponse } from 'msw'
import { authenticateComputer } from './kerberos.ts'
import { ProtocolError } from './protocol-error.ts'
import { guarded, readForm } from './respond.ts'
import type { Tenant } from './tenant.ts'

const PRT_LIFETIME_SECONDS = 14 * 24 * 3600
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

/**
 * AD FS's OAuth token endpoint issuing an enterprise PRT to a domain computer. Rules:
 * - Windows integrated authentication names a computer of the forest (kerberos.ts: emulated);
 * - `grant_type` is jwt-bearer and `request` a JWT signed by the device key, whose public half
 *   rides in its `jwk` header, addressed to this endpoint and made within five minutes (run clock).
 * The exact wire shape of this request is not public: this is our best understanding [unconfirmed],
 * kept here and in src/device/computer-auth.ts only. Errors are AD FS's OAuth JSON.
 */
export function createEnterprisePrtHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost || !tenant.fixture.onPremises) return []
  const endpoint = `https://${stsHost}/adfs/oauth2/token`
  return [
    http.post(
      endpoint,
      guarded(tenant, 'adfs', 'adfs', async ({ request }) => {
        const computer = authenticateComputer(tenant, request.headers.get('authorization'), 'adfs')
        const form = await readForm(request)
        if (form.get('grant_type') !== JWT_BEARER)
          throw invalid(
            'unsupported_grant_type',
            `The grant type '${form.get('grant_type') ?? ''}' is not supported.`,
          )
        await requireSignedRequest(tenant, form.get('request') ?? '', endpoint)
        return HttpResponse.json({
          token_type: 'Bearer',
          refresh_token: `ePRT.${tenant.deps.newId()}`,
          refresh_token_expires_in: PRT_LIFETIME_SECONDS,
          resource: 'urn:microsoft:userinfo',
          subject: computer.samAccountName,
        })
      }),
    ),
  ]
}

async function requireSignedRequest(tenant: Tenant, jwt: string, endpoint: string): Promise<void> {
  try {
    await jwtVerify(jwt, EmbeddedJWK, {
      algorithms: ['RS256'],
      audience: endpoint,
      currentDate: new Date(tenant.deps.now()),
      maxTokenAge: '5m',
    })
  } catch (error) {
    throw invalid(
      'invalid_grant',
      `The "request" JWT is not signed by the device key it names, not for this endpoint, or stale: ${(error as Error).message}`,
    )
  }
}

function invalid(error: string, message: string): ProtocolError {
  return new ProtocolError('adfs', 400, error, message)
}
