import { XMLBuilder } from 'fast-xml-parser'
import { http, HttpResponse } from 'msw'
import { guarded } from './respond.ts'
import type { Tenant } from './tenant.ts'

const NS = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  sp: 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
  sp2005: 'http://schemas.xmlsoap.org/ws/2005/07/securitypolicy',
  wsa10: 'http://www.w3.org/2005/08/addressing',
  msnap: 'http://schemas.microsoft.com/ws/06/2004/policy/http',
  tns: 'http://tempuri.org/',
}
export const WS_TRUST_2005_ISSUE = 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue'
export const WS_TRUST_13_ISSUE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue'

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true })

/**
 * AD FS's metadata exchange document (`/adfs/services/trust/mex`), the WSDL a client reads to find
 * the WS-Trust endpoint for its credential. What clients look for [clients: MSAL Python mex.py,
 * MSAL.NET MexParser]: a `wsp:Policy` (by `wsu:Id`) whose transport binding carries a signed
 * encrypted supporting `UsernameToken` (`WssUsernameToken10`) for passwords, or HTTP Negotiate for
 * Windows authentication; the `wsdl:binding` naming that policy with its `soapAction` (WS-Trust
 * 2005 or 1.3); and the `wsdl:port` with the endpoint's address.
 */
export function createAdfsMexHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost) return []
  return [
    http.get(
      `https://${stsHost}/adfs/services/trust/mex`,
      guarded(
        tenant,
        'ws-trust',
        'adfs',
        () =>
          new HttpResponse(mexDocument(stsHost), {
            headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
          }),
      ),
    ),
  ]
}

interface Endpoint {
  name: string
  path: string
  policy: 'password-2005' | 'password-13' | 'windows'
  action: string
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'UserNameWSTrustBinding_IWSTrustFeb2005Async',
    path: '2005/usernamemixed',
    policy: 'password-2005',
    action: WS_TRUST_2005_ISSUE,
  },
  {
    name: 'UserNameWSTrustBinding_IWSTrust13Async',
    path: '13/usernamemixed',
    policy: 'password-13',
    action: WS_TRUST_13_ISSUE,
  },
  {
    name: 'WindowsWSTrustBinding_IWSTrust13Async',
    path: '13/windowstransport',
    policy: 'windows',
    action: WS_TRUST_13_ISSUE,
  },
]

function mexDocument(stsHost: string): string {
  const definitions = {
    '@name': 'SecurityTokenService',
    '@targetNamespace': NS.tns,
    ...Object.fromEntries(Object.entries(NS).map(([prefix, uri]) => [`@xmlns:${prefix}`, uri])),
    'wsp:Policy': ENDPOINTS.map(policyFor),
    'wsdl:binding': ENDPOINTS.map((endpoint) => ({
      '@name': endpoint.name,
      '@type': 'tns:IWSTrust',
      'wsp:PolicyReference': { '@URI': `#${endpoint.name}_policy` },
      'soap12:binding': { '@transport': 'http://schemas.xmlsoap.org/soap/http' },
      'wsdl:operation': {
        '@name': 'Issue',
        'soap12:operation': { '@soapAction': endpoint.action, '@style': 'document' },
      },
    })),
    'wsdl:service': {
      '@name': 'SecurityTokenService',
      'wsdl:port': ENDPOINTS.map((endpoint) => {
        const address = `https://${stsHost}/adfs/services/trust/${endpoint.path}`
        return {
          '@name': endpoint.name,
          '@binding': `tns:${endpoint.name}`,
          'soap12:address': { '@location': address },
          'wsa10:EndpointReference': { 'wsa10:Address': address },
        }
      }),
    },
  }
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ 'wsdl:definitions': definitions }) as string}`
}

// Policies as AD FS words them: HTTPS transport binding, then either a username token signed and
// encrypted by the transport (2005 and 1.3 security policy namespaces) or HTTP Negotiate.
function policyFor(endpoint: Endpoint) {
  const sp = endpoint.policy === 'password-2005' ? 'sp2005' : 'sp'
  const transport = {
    [`${sp}:TransportBinding`]: {
      'wsp:Policy': {
        [`${sp}:TransportToken`]: {
          'wsp:Policy': { [`${sp}:HttpsToken`]: { '@RequireClientCertificate': 'false' } },
        },
      },
    },
  }
  const credential =
    endpoint.policy === 'windows'
      ? { 'msnap:NegotiateAuthentication': { '@xmlns:msnap': NS.msnap } }
      : {
          [`${sp}:SignedEncryptedSupportingTokens`]: {
            'wsp:Policy': {
              [`${sp}:UsernameToken`]: {
                '@IncludeToken': `${endpoint.policy === 'password-2005' ? NS.sp2005 : NS.sp}/IncludeToken/AlwaysToRecipient`,
                'wsp:Policy': { [`${sp}:WssUsernameToken10`]: '' },
              },
            },
          },
        }
  return {
    '@wsu:Id': `${endpoint.name}_policy`,
    'wsp:ExactlyOne': { 'wsp:All': { ...credential, ...transport } },
  }
}
