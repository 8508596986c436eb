import { attribute, child, childText, prettyXml, readXml, type XmlNode } from './xml.ts'
import { extractAssertions } from './saml.ts'

/** A WS-Trust message (SOAP envelope or a bare RSTR from wresult), named and indented. */
export interface WsTrustMessage {
  action?: string
  /** What the message is, in words: "WS-Trust 1.3 Issue request (RST)". */
  actionName: string
  appliesTo?: string
  fault?: string
  pretty: string
  assertionCount: number
}

const ACTIONS: Record<string, string> = {
  'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue': 'WS-Trust 1.3 Issue request (RST)',
  'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal': 'WS-Trust 1.3 Issue response (RSTRC)',
  'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/Issue': 'WS-Trust 1.3 Issue response (RSTR)',
  'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue': 'WS-Trust 2005 Issue request (RST)',
  'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue': 'WS-Trust 2005 Issue response (RSTR)',
  'http://www.w3.org/2005/08/addressing/soap/fault': 'SOAP fault',
}

// Without an Action header (AD FS leaves it off some responses) the body's first element says it.
const BODY_NAMES: Record<string, string> = {
  RequestSecurityToken: 'WS-Trust Issue request (RST)',
  RequestSecurityTokenResponseCollection: 'WS-Trust Issue response (RSTRC)',
  RequestSecurityTokenResponse: 'WS-Trust Issue response (RSTR)',
  Fault: 'SOAP fault',
}

export type WsTrustResult = { ok: true; message: WsTrustMessage } | { ok: false; reason: string }

/** Reads a SOAP envelope or bare RSTR; never throws. */
export function readWsTrust(xml: string): WsTrustResult {
  const parsed = readXml(xml)
  if (!parsed.ok) return parsed
  const envelope = child(parsed.root, 'Envelope')
  const body: XmlNode | undefined = envelope ? child(envelope, 'Body') : parsed.root
  const first = Object.keys(body ?? {}).find((name) => BODY_NAMES[name])
  if (!body || !first) return { ok: false, reason: 'neither a SOAP envelope nor a WS-Trust message' }
  const action = childText(child(envelope, 'Header'), 'Action') || undefined
  const bare = !envelope && first === 'RequestSecurityTokenResponse'
  return {
    ok: true,
    message: {
      action,
      actionName:
        (action && ACTIONS[action]) ??
        (bare ? 'WS-Federation sign-in response (an RSTR in wresult)' : BODY_NAMES[first]!),
      appliesTo: appliesTo(child(body, first)),
      fault: first === 'Fault' ? faultText(child(body, 'Fault')) : undefined,
      pretty: prettyXml(xml),
      assertionCount: extractAssertions(xml).length,
    },
  }
}

function appliesTo(message: XmlNode | undefined): string | undefined {
  return childText(child(child(message, 'AppliesTo'), 'EndpointReference'), 'Address') || undefined
}

function faultText(fault: XmlNode | undefined): string {
  const subcode = childText(child(child(fault, 'Code'), 'Subcode'), 'Value')
  const reason = childText(child(fault, 'Reason'), 'Text')
  return [subcode, reason].filter(Boolean).join(': ') || 'a fault with no reason'
}

/** A decodable federation payload found in a body or field. */
export interface FederationPayload {
  kind: 'saml' | 'ws-trust'
  where: string
  value: string
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * The WS-Trust messages and SAML assertions in a value: a SOAP envelope, a bare RSTR, an AD FS
 * auto-post page (its `wresult` field), or base64 XML (the `assertion` of a saml1_1-bearer grant).
 */
export function findFederationPayloads(value: string, where: string, depth = 0): FederationPayload[] {
  const trimmed = value.trim()
  if (depth > 2 || trimmed.length === 0) return []
  if (!trimmed.startsWith('<')) {
    const decoded = base64Xml(trimmed)
    return decoded ? findFederationPayloads(decoded, where, depth + 1) : []
  }
  const parsed = readXml(trimmed)
  if (!parsed.ok) return []
  if (child(parsed.root, 'Assertion')) return [{ kind: 'saml', where, value: trimmed }]
  if (child(parsed.root, 'Envelope') || child(parsed.root, 'RequestSecurityTokenResponse')) {
    const assertions = extractAssertions(trimmed).map((xml) => ({
      kind: 'saml' as const,
      where: `${where} › Assertion`,
      value: xml,
    }))
    return [{ kind: 'ws-trust', where, value: trimmed }, ...assertions]
  }
  const wresult = formInput(parsed.root, 'wresult')
  return wresult ? findFederationPayloads(wresult, `${where} › wresult`, depth + 1) : []
}

function base64Xml(value: string): string | undefined {
  if (value.length < 64 || !BASE64.test(value)) return undefined
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)),
    )
    return text.trimStart().startsWith('<') ? text : undefined
  } catch {
    return undefined
  }
}

/** The value of an HTML form's <input name="…"> anywhere in the page (entities already decoded). */
function formInput(node: unknown, name: string): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = formInput(item, name)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof node !== 'object' || node === null) return undefined
  for (const [key, inner] of Object.entries(node)) {
    if (key === 'input')
      for (const input of Array.isArray(inner) ? inner : [inner])
        if (attribute(input, 'name') === name) return attribute(input, 'value')
    if (!key.startsWith('@')) {
      const found = formInput(inner, name)
      if (found !== undefined) return found
    }
  }
  return undefined
}
