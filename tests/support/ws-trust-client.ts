import { XMLParser } from 'fast-xml-parser'

/** A WS-Trust client as MSAL Python and ADAL build one: MEX reading, the RST, the assertion. */
const mexParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => ['Policy', 'binding', 'port'].includes(name),
})

/** What MSAL Python's mex.py does: the address of the WS-Trust endpoint for a password, by version. */
export function usernamePasswordEndpoints(mex: string): Map<string, string> {
  const definitions = mexParser.parse(mex).definitions
  const passwordPolicies = new Set(
    definitions.Policy.filter(
      (policy: any) =>
        policy.ExactlyOne?.All?.SignedEncryptedSupportingTokens?.Policy?.[0]?.UsernameToken?.Policy?.[0]
          ?.WssUsernameToken10 !== undefined,
    ).map((policy: any) => `#${policy['@Id']}`),
  )
  const bindings = new Map<string, string>(
    definitions.binding
      .filter((binding: any) => passwordPolicies.has(binding.PolicyReference?.['@URI']))
      .map((binding: any) => [binding['@name'], binding.operation.operation['@soapAction']]),
  )
  return new Map(
    definitions.service.port
      .filter((port: any) => bindings.has(port['@binding'].replace(/^tns:/, '')))
      .map((port: any) => [
        bindings.get(port['@binding'].replace(/^tns:/, '')),
        port.EndpointReference.Address,
      ]),
  )
}

export function rst(
  version: '2005' | '13',
  url: string,
  username: string,
  password: string,
  expires: string,
) {
  const trust =
    version === '2005'
      ? 'http://schemas.xmlsoap.org/ws/2005/02/trust'
      : 'http://docs.oasis-open.org/ws-sx/ws-trust/200512'
  const action = `${trust}/RST/Issue`
  const keyType =
    version === '2005' ? 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey' : `${trust}/Bearer`
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
<s:Header><wsa:Action s:mustUnderstand="1">${action}</wsa:Action><wsa:To s:mustUnderstand="1">${url}</wsa:To>
<wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
<wsu:Timestamp wsu:Id="_0"><wsu:Created>2026-01-15T09:00:00Z</wsu:Created><wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>
<wsse:UsernameToken wsu:Id="user"><wsse:Username>${username}</wsse:Username><wsse:Password>${password}</wsse:Password></wsse:UsernameToken>
</wsse:Security></s:Header><s:Body><wst:RequestSecurityToken xmlns:wst="${trust}">
<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><wsa:EndpointReference><wsa:Address>urn:federation:MicrosoftOnline</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>
<wst:KeyType>${keyType}</wst:KeyType><wst:RequestType>${trust}/Issue</wst:RequestType></wst:RequestSecurityToken></s:Body></s:Envelope>`
}

// The assertion's bytes must stay as issued (its signature covers them), so it is cut out, not re-serialised.
export function assertionOf(rstr: string): string {
  const start = rstr.indexOf('<saml:Assertion')
  return rstr.slice(start, rstr.lastIndexOf('</saml:Assertion>') + '</saml:Assertion>'.length)
}
