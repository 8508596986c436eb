import { http, HttpResponse } from 'msw'
import { immutableId, issueAssertion } from './adfs.ts'
import type { ComputerFixture } from './fixtures/tenant.ts'
import { ProtocolError, toWireError } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'

const WINDOWS_AUTH = 'urn:federation:authentication:windows'
export const CLAIMS = {
  accountType: 'http://schemas.microsoft.com/ws/2012/01/accounttype',
  onPremObjectGuid: 'http://schemas.microsoft.com/identity/claims/onpremobjectguid',
  primarySid: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/primarysid',
} as const

/**
 * AD FS's Windows-transport endpoint, where a domain computer authenticates with Windows integrated
 * authentication and receives a SAML assertion for Azure AD carrying accounttype DJ, its objectGUID
 * and its SID. Kerberos is emulated: the `Negotiate` token names the computer account in clear
 * JSON, and AD FS looks that account up in the emulated AD. @see protocol.md "Hybrid join (HAADJ) specifics"
 */
export function createWindowsTransportHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost || !tenant.fixture.onPremises) return []
  return [
    http.post(`https://${stsHost}/adfs/services/trust/13/windowstransport`, async ({ request }) => {
      try {
        if (tenant.fixture.unavailable?.includes('adfs')) throw new ProtocolError('azure-ad', 503, 'temporarily_unavailable', 'AD FS is unavailable.')
        const computer = authenticateComputer(tenant, request.headers.get('authorization'))
        if (!(await request.text()).includes('RequestSecurityToken')) throw fault('The body is not a WS-Trust RequestSecurityToken.')
        const assertion = await issueAssertion(tenant, {
          nameIdentifier: immutableId(computer.objectGuid),
          authenticationMethod: WINDOWS_AUTH,
          attributes: [
            { name: 'accounttype', namespace: 'http://schemas.microsoft.com/ws/2012/01', values: ['DJ'] },
            { name: 'onpremobjectguid', namespace: 'http://schemas.microsoft.com/identity/claims', values: [immutableId(computer.objectGuid)] },
            { name: 'primarysid', namespace: 'http://schemas.microsoft.com/ws/2008/06/identity/claims', values: [computer.objectSid] },
          ],
        })
        return new HttpResponse(envelope(assertion), { headers: { 'content-type': 'application/soap+xml; charset=utf-8' } })
      } catch (error) {
        return toWireError(error, 'azure-ad', { now: tenant.deps.now(), newId: tenant.deps.newId })
      }
    }),
  ]
}

/** The emulated Kerberos ticket: `Negotiate base64({"principal":"NAME$@REALM"})`. */
export function negotiateToken(principal: string): string {
  return `Negotiate ${btoa(JSON.stringify({ principal }))}`
}

function authenticateComputer(tenant: Tenant, header: string | null): ComputerFixture {
  const match = /^Negotiate\s+(\S+)$/.exec(header ?? '')
  if (!match?.[1]) throw new ProtocolError('azure-ad', 401, 'invalid_client', 'Windows integrated authentication is required: no Negotiate token.')
  let principal = ''
  try {
    principal = String((JSON.parse(atob(match[1])) as { principal?: unknown }).principal ?? '')
  } catch {
    throw new ProtocolError('azure-ad', 401, 'invalid_client', 'The Negotiate token is not one this domain issued.')
  }
  const account = principal.split('@')[0]?.toUpperCase()
  const computer = tenant.fixture.onPremises?.computers.find((candidate) => `${candidate.name.toUpperCase()}$` === account)
  if (!computer) throw new ProtocolError('azure-ad', 401, 'invalid_client', `The account ${principal} is not a computer of this domain.`)
  return computer
}

function fault(message: string): ProtocolError {
  return new ProtocolError('azure-ad', 400, 'invalid_request', message)
}

function envelope(assertion: string): string {
  return (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>' +
    '<trust:RequestSecurityTokenResponseCollection xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><trust:RequestSecurityTokenResponse>' +
    `<trust:RequestedSecurityToken>${assertion}</trust:RequestedSecurityToken>` +
    '</trust:RequestSecurityTokenResponse></trust:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>'
  )
}
