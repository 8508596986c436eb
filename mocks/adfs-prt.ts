import { EmbeddedJWK, jwtVerify } from 'jose'
import { http, HttpResponse } from 'msw'
import { ProtocolError, toWireError } from './protocol-error.ts'
import { readForm } from './respond.ts'
import type { Tenant } from './tenant.ts'

const PRT_LIFETIME_SECONDS = 14 * 24 * 3600

/**
 * AD FS's OAuth token endpoint issuing an enterprise PRT to a domain computer. Rules:
 * - Windows integrated authentication names a computer of the domain (emulated Negotiate token);
 * - `request` is a JWT signed by the device key, whose public half rides in its `jwk` header;
 * - the request was made within five minutes (run clock).
 * The exact wire shape of this request is not public: this is our best understanding [unconfirmed].
 */
export function createEnterprisePrtHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost || !tenant.fixture.onPremises) return []
  return [
    http.post(`https://${stsHost}/adfs/oauth2/token`, async ({ request }) => {
      try {
        if (tenant.fixture.unavailable?.includes('adfs')) throw new ProtocolError('azure-ad', 503, 'temporarily_unavailable', 'AD FS is unavailable.')
        const computer = requireComputer(tenant, request.headers.get('authorization'))
        const form = await readForm(request)
        if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') throw invalid('unsupported_grant_type', `The grant type '${form.get('grant_type') ?? ''}' is not supported.`)
        await requireSignedRequest(tenant, form.get('request') ?? '')
        return HttpResponse.json({
          token_type: 'Bearer',
          refresh_token: `ePRT.${tenant.deps.newId()}`,
          refresh_token_expires_in: PRT_LIFETIME_SECONDS,
          resource: 'urn:microsoft:userinfo',
          subject: `${computer}`,
        })
      } catch (error) {
        return toWireError(error, 'azure-ad', { now: tenant.deps.now(), newId: tenant.deps.newId })
      }
    }),
  ]
}

function requireComputer(tenant: Tenant, header: string | null): string {
  const token = /^Negotiate\s+(\S+)$/.exec(header ?? '')?.[1]
  let principal = ''
  try {
    principal = token ? String((JSON.parse(atob(token)) as { principal?: unknown }).principal ?? '') : ''
  } catch {
    principal = ''
  }
  const account = principal.split('@')[0]?.toUpperCase()
  if (!tenant.fixture.onPremises?.computers.some((computer) => `${computer.name.toUpperCase()}$` === account)) {
    throw new ProtocolError('azure-ad', 401, 'invalid_client', 'Windows integrated authentication did not name a computer of this domain.')
  }
  return principal
}

async function requireSignedRequest(tenant: Tenant, jwt: string): Promise<void> {
  try {
    await jwtVerify(jwt, EmbeddedJWK, { algorithms: ['RS256'], currentDate: new Date(tenant.deps.now()), maxTokenAge: '5m' })
  } catch (error) {
    throw invalid('invalid_grant', `The request JWT is not signed by the key it names, or is stale: ${(error as Error).message}`)
  }
}

function invalid(error: string, message: string): ProtocolError {
  return new ProtocolError('azure-ad', 400, error, message)
}
