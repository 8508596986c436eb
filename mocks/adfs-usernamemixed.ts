import { XMLParser } from 'fast-xml-parser'
import { http, HttpResponse } from 'msw'
import { userAssertion } from './adfs.ts'
import { WS_TRUST_13_ISSUE, WS_TRUST_2005_ISSUE } from './adfs-mex.ts'
import { ProtocolError } from './protocol-error.ts'
import { guarded } from './respond.ts'
import { MICROSOFT_ONLINE } from './saml.ts'
import type { Tenant } from './tenant.ts'

const SAML11_TOKEN_TYPE = 'urn:oasis:names:tc:SAML:1.0:assertion'
const SAML2_TOKEN_TYPE = 'urn:oasis:names:tc:SAML:2.0:assertion'
/** The token types a client may ask for, by either of their names (the SAML token profile's too). */
const TOKEN_TYPES: Record<string, 'saml1' | 'saml2'> = {
  [SAML11_TOKEN_TYPE]: 'saml1',
  'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1': 'saml1',
  [SAML2_TOKEN_TYPE]: 'saml2',
  'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0': 'saml2',
}
const ASSERTION_LIFETIME_MS = 60 * 60_000

/** The two WS-Trust versions AD FS's usernamemixed endpoints speak, with their own URIs. */
const VERSIONS = {
  '2005': {
    action: WS_TRUST_2005_ISSUE,
    requestType: 'http://schemas.xmlsoap.org/ws/2005/02/trust/Issue',
    keyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey',
    replyAction: 'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue',
    namespace: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
  },
  '13': {
    action: WS_TRUST_13_ISSUE,
    requestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
    keyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer',
    replyAction: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal',
    namespace: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  },
} as const
type Version = keyof typeof VERSIONS

// Text stays text: a password of digits must not become a number.
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true })

/**
 * AD FS's `usernamemixed` endpoints (WS-Trust 2005 and 1.3), where a client that read the MEX
 * sends the user's name and password in a WS-Security UsernameToken and gets a SAML 1.1 assertion
 * for Azure AD (or SAML 2.0 when its RST's TokenType asks), which it redeems at the token endpoint
 * (saml1_1-bearer, saml2-bearer). Rules:
 * - SOAP 1.2 envelope; `wsa:Action` is this version's Issue; the RST's RequestType is Issue and
 *   AppliesTo is urn:federation:MicrosoftOnline (the only relying party here);
 * - a `wsu:Timestamp` that has expired (run clock) is refused;
 * - the user exists and the password is theirs: else a FailedAuthentication fault with AD FS's
 *   ID3242 [clients: the message MSAL and ADAL users report for a wrong password].
 * A user's second factor is not asked here: the active endpoints cannot ask it.
 */
export function createUsernameMixedHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost) return []
  return (['2005', '13'] as const).map((version) =>
    http.post(
      `https://${stsHost}/adfs/services/trust/${version}/usernamemixed`,
      guarded(tenant, 'ws-trust', 'adfs', async ({ request }) => {
        const credentials = readRequest(tenant, version, await request.text())
        const user = tenant.fixture.users.find(
          (candidate) => candidate.upn.toLowerCase() === credentials.username.toLowerCase(),
        )
        if (!user || user.password !== credentials.password)
          throw fault(
            'a:FailedAuthentication',
            'ID3242: The security token could not be authenticated or authorized.',
          )
        const saml2 = credentials.tokenType === 'saml2'
        const assertion = await userAssertion(tenant, user, false, saml2)
        return new HttpResponse(reply(tenant, version, assertion, saml2), {
          headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
        })
      }),
    ),
  )
}

function readRequest(
  tenant: Tenant,
  version: Version,
  body: string,
): { username: string; password: string; tokenType: 'saml1' | 'saml2' } {
  const envelope = parseEnvelope(body)
  const header = envelope.Header ?? {}
  const expected = VERSIONS[version]
  if (header.Action !== expected.action)
    throw fault('a:InvalidRequest', `The action '${String(header.Action ?? '')}' is not ${expected.action}.`)
  const expires = Date.parse(String(header.Security?.Timestamp?.Expires ?? ''))
  if (!Number.isNaN(expires) && expires <= tenant.deps.now())
    throw fault('a:RequestFailed', 'The message has expired: its wsu:Timestamp Expires is in the past.')
  const token = header.Security?.UsernameToken
  if (typeof token?.Username !== 'string' || typeof token?.Password !== 'string')
    throw fault(
      'a:InvalidRequest',
      'The request carries no WS-Security UsernameToken with a Username and Password.',
    )
  const rst = envelope.Body?.RequestSecurityToken
  if (rst?.RequestType !== expected.requestType)
    throw fault(
      'a:InvalidRequest',
      `The RequestType '${String(rst?.RequestType ?? '')}' is not ${expected.requestType}.`,
    )
  const appliesTo = String(rst.AppliesTo?.EndpointReference?.Address ?? '')
  if (appliesTo !== MICROSOFT_ONLINE)
    throw fault(
      'a:InvalidRequest',
      `MSIS7007: The requested relying party trust '${appliesTo}' is unspecified or unsupported.`,
    )
  // No TokenType: SAML 1.1, what Azure AD's clients ask for. [unconfirmed: AD FS's words for a type it does not issue]
  const asked = rst.TokenType === undefined ? SAML11_TOKEN_TYPE : String(rst.TokenType)
  const tokenType = TOKEN_TYPES[asked]
  if (!tokenType)
    throw fault('a:InvalidRequest', `The TokenType '${asked}' is not one this relying party trust issues.`)
  return { username: token.Username, password: token.Password, tokenType }
}

function parseEnvelope(body: string): Record<string, any> {
  try {
    const envelope = (parser.parse(body) as Record<string, any>)?.Envelope
    if (envelope && typeof envelope === 'object') return envelope
  } catch {
    // refused below
  }
  throw fault('a:InvalidRequest', 'The body is not a SOAP envelope.')
}

function fault(subcode: string, message: string): ProtocolError {
  return new ProtocolError('ws-trust', 400, subcode, message)
}

// The RSTR as AD FS answers it: lifetime, relying party, the assertion (inserted as issued, so
// its signature still covers the same bytes), token type, request type and key type.
function reply(tenant: Tenant, version: Version, assertion: string, saml2: boolean): string {
  const { namespace, requestType, keyType, replyAction } = VERSIONS[version]
  const now = tenant.deps.now()
  const iso = (ms: number) => new Date(ms).toISOString()
  const response =
    `<t:RequestSecurityTokenResponse>` +
    `<t:Lifetime><wsu:Created>${iso(now)}</wsu:Created><wsu:Expires>${iso(now + ASSERTION_LIFETIME_MS)}</wsu:Expires></t:Lifetime>` +
    `<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><wsa:EndpointReference><wsa:Address>${MICROSOFT_ONLINE}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    `<t:RequestedSecurityToken>${assertion}</t:RequestedSecurityToken>` +
    `<t:TokenType>${saml2 ? SAML2_TOKEN_TYPE : SAML11_TOKEN_TYPE}</t:TokenType><t:RequestType>${requestType}</t:RequestType><t:KeyType>${keyType}</t:KeyType>` +
    `</t:RequestSecurityTokenResponse>`
  const body =
    version === '13'
      ? `<t:RequestSecurityTokenResponseCollection xmlns:t="${namespace}">${response}</t:RequestSecurityTokenResponseCollection>`
      : response.replace(
          '<t:RequestSecurityTokenResponse>',
          `<t:RequestSecurityTokenResponse xmlns:t="${namespace}">`,
        )
  return (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing" ' +
    'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
    `<s:Header><wsa:Action s:mustUnderstand="1">${replyAction}</wsa:Action></s:Header><s:Body>${body}</s:Body></s:Envelope>`
  )
}
