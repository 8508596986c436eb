import { XMLParser } from 'fast-xml-parser'
import { http, HttpResponse } from 'msw'
import { immutableId, issueAssertion } from './adfs.ts'
import { authenticateComputer } from './kerberos.ts'
import { ProtocolError } from './protocol-error.ts'
import { guarded } from './respond.ts'
import { MICROSOFT_ONLINE } from './saml.ts'
import type { Tenant } from './tenant.ts'

const WINDOWS_AUTH = 'urn:federation:authentication:windows'
const ISSUE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue'
export const CLAIMS = {
  accountType: 'http://schemas.microsoft.com/ws/2012/01/accounttype',
  onPremObjectGuid: 'http://schemas.microsoft.com/identity/claims/onpremobjectguid',
  primarySid: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/primarysid',
} as const

const parser = new XMLParser({ removeNSPrefix: true })

/**
 * AD FS's Windows-transport endpoint (WS-Trust 1.3), where a domain computer authenticates with
 * Windows integrated authentication and receives a SAML assertion for Azure AD carrying accounttype
 * DJ, its objectGUID and its SID. Rules:
 * - the Negotiate ticket names a computer of the forest, for this AD FS (see kerberos.ts: emulated);
 * - the body is a RequestSecurityToken of type Issue for urn:federation:MicrosoftOnline;
 * refusals are SOAP faults, or a bare 401 when Windows authentication fails.
 * @see protocol.md "Hybrid join (HAADJ) specifics"
 */
export function createWindowsTransportHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost || !tenant.fixture.onPremises) return []
  return [
    http.post(
      `https://${stsHost}/adfs/services/trust/13/windowstransport`,
      guarded(tenant, 'ws-trust', 'adfs', async ({ request }) => {
        const computer = authenticateComputer(tenant, request.headers.get('authorization'), 'ws-trust')
        requireIssueForMicrosoftOnline(await request.text())
        const assertion = await issueAssertion(tenant, {
          nameIdentifier: immutableId(computer.objectGuid),
          authenticationMethod: WINDOWS_AUTH,
          attributes: [
            { name: 'accounttype', namespace: 'http://schemas.microsoft.com/ws/2012/01', values: ['DJ'] },
            {
              name: 'onpremobjectguid',
              namespace: 'http://schemas.microsoft.com/identity/claims',
              values: [immutableId(computer.objectGuid)],
            },
            {
              name: 'primarysid',
              namespace: 'http://schemas.microsoft.com/ws/2008/06/identity/claims',
              values: [computer.objectSid],
            },
          ],
        })
        return new HttpResponse(envelope(assertion), {
          headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
        })
      }),
    ),
  ]
}

function requireIssueForMicrosoftOnline(body: string): void {
  let rst: Record<string, any> | undefined
  try {
    rst = (parser.parse(body) as Record<string, any>)?.Envelope?.Body?.RequestSecurityToken
  } catch {
    rst = undefined
  }
  if (!rst || typeof rst !== 'object')
    throw fault('The body is not a SOAP envelope with a WS-Trust RequestSecurityToken.')
  if (rst.RequestType !== ISSUE)
    throw fault(`The RequestType '${String(rst.RequestType ?? '')}' is not Issue.`)
  const appliesTo = String(rst.AppliesTo?.EndpointReference?.Address ?? '')
  if (appliesTo !== MICROSOFT_ONLINE)
    throw fault(
      `The relying party '${appliesTo}' is unspecified or unsupported: AD FS only has a trust for ${MICROSOFT_ONLINE} here.`,
    )
}

function fault(message: string): ProtocolError {
  return new ProtocolError('ws-trust', 400, 'a:InvalidRequest', message)
}

function envelope(assertion: string): string {
  return (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>' +
    '<trust:RequestSecurityTokenResponseCollection xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><trust:RequestSecurityTokenResponse>' +
    `<trust:RequestedSecurityToken>${assertion}</trust:RequestedSecurityToken>` +
    '</trust:RequestSecurityTokenResponse></trust:RequestSecurityTokenResponseCollection></s:Body></s:Envelope>'
  )
}
