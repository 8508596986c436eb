import { AsnConvert } from '@peculiar/asn1-schema'
import { RSAPublicKey } from '@peculiar/asn1-rsa'
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509'
import { XMLParser } from 'fast-xml-parser'
import { base64url } from 'jose'
import type { ComputerIdentity } from '../trace/ports.ts'
import { JoinError } from './errors.ts'
import { readJson, send } from './http.ts'
import type { DeviceKeyPair } from './keys/key-provider.ts'

const soapParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true })

/**
 * Windows integrated authentication as the emulation carries it: a Negotiate header naming the
 * computer account and the service it is for. Real Kerberos would put a service ticket for
 * `HTTP/<sts host>` here, obtained from the domain controller; the emulated AD FS reads the names.
 */
export function negotiateHeader(computer: ComputerIdentity, deviceName: string, stsHost: string): string {
  const ticket = {
    principal: `${deviceName.toUpperCase()}$@${computer.dnsDomain.toUpperCase()}`,
    service: `HTTP/${stsHost}`,
  }
  return `Negotiate ${btoa(JSON.stringify(ticket))}`
}

/** Phase C (hybrid federated): ask AD FS's Windows-transport endpoint for a token for Azure AD. */
export function requestComputerAssertion(
  fetcher: typeof fetch,
  stsHost: string,
  negotiate: string,
): Promise<Response> {
  const rst =
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>' +
    '<a:Action s:mustUnderstand="1">http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue</a:Action></s:Header><s:Body>' +
    '<trust:RequestSecurityToken xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">' +
    '<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><a:EndpointReference><a:Address>urn:federation:MicrosoftOnline</a:Address></a:EndpointReference></wsp:AppliesTo>' +
    '<trust:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer</trust:KeyType><trust:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</trust:RequestType>' +
    '</trust:RequestSecurityToken></s:Body></s:Envelope>'
  return send(fetcher, `https://${stsHost}/adfs/services/trust/13/windowstransport`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8', authorization: negotiate },
    body: rst,
  })
}

export async function processComputerAssertion(response: Response): Promise<string> {
  const text = await response.text()
  if (response.status === 401) {
    throw new JoinError(
      'CREDENTIALS_REJECTED',
      "AD FS refused the computer's Windows integrated authentication (HTTP 401).",
      { cause: text },
    )
  }
  if (!response.ok)
    throw new JoinError(
      'TOKEN_REJECTED',
      `AD FS answered with a fault: ${faultReason(text) ?? `HTTP ${response.status}`}`,
      { cause: text },
    )
  const start = text.indexOf('<saml:Assertion')
  const end = text.lastIndexOf('</saml:Assertion>')
  if (start < 0 || end < 0)
    throw new JoinError('RESPONSE_MALFORMED', 'The Windows-transport answer holds no SAML assertion.', {
      cause: text,
    })
  // The assertion is cut out as bytes, not re-serialised: AD FS's signature covers them exactly.
  return text.slice(start, end + '</saml:Assertion>'.length)
}

function faultReason(text: string): string | undefined {
  try {
    const reason = (soapParser.parse(text) as Record<string, any>)?.Envelope?.Body?.Fault?.Reason?.Text
    return typeof reason === 'object'
      ? String(reason['#text'] ?? '')
      : typeof reason === 'string'
        ? reason
        : undefined
  } catch {
    return undefined
  }
}

/**
 * Phase E (hybrid federated): request an enterprise PRT from AD FS with a JWT signed by the device
 * key, its public half in the header so AD FS can bind the PRT to it [unconfirmed wire shape].
 */
export async function requestEnterprisePrt(
  fetcher: typeof fetch,
  stsHost: string,
  negotiate: string,
  deviceKey: DeviceKeyPair,
  now: number,
): Promise<Response> {
  const request = await signWithDeviceKey(deviceKey, {
    iss: 'device',
    aud: `https://${stsHost}/adfs/oauth2/token`,
    iat: Math.floor(now / 1000),
    grant_type: 'windows_integrated',
  })
  return send(fetcher, `https://${stsHost}/adfs/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: negotiate },
    // 38aa3b87-…: the client Windows names in its PRT requests to Azure AD [clients]; AD FS's own use of it is unconfirmed.
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      request,
      client_id: '38aa3b87-a06d-4817-b275-7a316988d93b',
    }).toString(),
  })
}

export async function processEnterprisePrt(
  response: Response,
  stsHost: string,
): Promise<{ authority: string }> {
  // A 200 that is not JSON (a proxy's page, a cut-off answer) is unreadable, not a refusal.
  const body = response.ok
    ? await readJson(response, 'enterprise PRT answer')
    : ((await response.json().catch(() => ({}))) as Record<string, unknown>)
  if (!response.ok || typeof body.refresh_token !== 'string') {
    throw new JoinError(
      'TOKEN_REJECTED',
      `AD FS did not issue an enterprise PRT: ${String(body.error_description ?? body.error ?? response.status)}`,
      { cause: body },
    )
  }
  return { authority: `https://${stsHost}/adfs/` }
}

// A compact JWS made by the key provider, so a non-extractable key can sign it.
async function signWithDeviceKey(key: DeviceKeyPair, payload: Record<string, unknown>): Promise<string> {
  const info = AsnConvert.parse(key.publicKeySpki, SubjectPublicKeyInfo)
  const rsa = AsnConvert.parse(info.subjectPublicKey, RSAPublicKey)
  const unsigned = (bytes: ArrayBuffer) =>
    base64url.encode(new Uint8Array(bytes)[0] === 0 ? new Uint8Array(bytes).slice(1) : new Uint8Array(bytes))
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    jwk: { kty: 'RSA', n: unsigned(rsa.modulus), e: unsigned(rsa.publicExponent) },
  }
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value))
  const signingInput = `${encode(header)}.${encode(payload)}`
  const signature = await key.sign(new TextEncoder().encode(signingInput))
  return `${signingInput}.${base64url.encode(signature)}`
}
