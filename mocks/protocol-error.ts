import { HttpResponse } from 'msw'

/**
 * Which service's error body to render: Azure AD's OAuth shape, DRS's ErrorDetails shape, AD FS's
 * OAuth shape (`/adfs/oauth2/`, no AADSTS fields), a SOAP 1.2 fault (AD FS's WS-Trust endpoints)
 * or the key provisioning service's ErrorDetails (MS-KPP 2.2.3.1).
 */
export type WireShape = 'azure-ad' | 'drs' | 'adfs' | 'ws-trust' | 'key-provisioning'

/**
 * A request the emulated service refuses. Checks throw it; `toWireError()` is the only code that
 * turns one into a response body.
 */
export class ProtocolError extends Error {
  readonly status: number
  readonly shape: WireShape
  /** Azure AD, AD FS: the OAuth `error` (invalid_grant…). DRS: the `ErrorType`. WS-Trust: the fault subcode (a:InvalidRequest…). */
  readonly error: string
  /** Azure AD's AADSTS number, when there is one. */
  readonly aadsts?: number

  constructor(shape: WireShape, status: number, error: string, message: string, aadsts?: number) {
    super(message)
    this.name = 'ProtocolError'
    this.shape = shape
    this.status = status
    this.error = error
    this.aadsts = aadsts
  }
}

export interface WireErrorContext {
  now: number
  newId: () => string
}

/** Renders any error as the body the real service would send; anything unexpected is a 500. */
export function toWireError(error: unknown, shape: WireShape, context: WireErrorContext): Response {
  const known =
    error instanceof ProtocolError
      ? error
      : new ProtocolError(
          shape,
          500,
          shape === 'drs' ? 'InternalServerError' : 'server_error',
          'The service hit an unexpected error.',
        )
  switch (known.shape) {
    case 'drs':
      return drsBody(known, context)
    case 'adfs':
      return HttpResponse.json(
        { error: known.error, error_description: known.message },
        { status: known.status, headers: negotiateChallenge(known) },
      )
    case 'ws-trust':
      return soapFault(known)
    case 'azure-ad':
      return azureAdBody(known, context)
    case 'key-provisioning':
      return keyProvisioningBody(known, context)
  }
}

// MS-KPP 2.2.3.1: code, message, response (always ERROR_FAIL), target, time; innererror's two
// members are the string "null".
function keyProvisioningBody(error: ProtocolError, { now }: WireErrorContext): Response {
  return HttpResponse.json(
    {
      code: error.error,
      message: error.message,
      response: 'ERROR_FAIL',
      target: 'key',
      time: new Date(now).toISOString(),
      innererror: { trace: 'null', context: 'null' },
    },
    { status: error.status },
  )
}

// Windows integrated authentication refused: HTTP.sys answers 401 and asks for Negotiate again.
function negotiateChallenge(error: ProtocolError): Record<string, string> {
  return error.status === 401 ? { 'www-authenticate': 'Negotiate' } : {}
}

/**
 * A SOAP 1.2 fault as AD FS's WS-Trust 1.3 endpoints send one. Sender faults go out as HTTP 400
 * (SOAP 1.2 part 2, 7.5.2.2) [unconfirmed: AD FS may answer 500 for every fault]; a 401 carries no
 * envelope, since HTTP.sys refuses the request before AD FS sees it.
 */
function soapFault(error: ProtocolError): Response {
  if (error.status === 401) return new HttpResponse(null, { status: 401, headers: negotiateChallenge(error) })
  // A stopped AD FS service: HTTP.sys itself answers, with its own page.
  if (error.status === 503)
    return new HttpResponse('<h1>Service Unavailable</h1>', {
      status: 503,
      headers: { 'content-type': 'text/html' },
    })
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const code = error.status >= 500 ? 's:Receiver' : 's:Sender'
  const body =
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>' +
    '<a:Action s:mustUnderstand="1">http://www.w3.org/2005/08/addressing/soap/fault</a:Action></s:Header><s:Body><s:Fault>' +
    `<s:Code><s:Value>${code}</s:Value><s:Subcode><s:Value xmlns:a="http://docs.oasis-open.org/ws-sx/ws-trust/200512">${escape(error.error)}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${escape(error.message)}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`
  return new HttpResponse(body, {
    status: error.status,
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
  })
}

function azureAdBody(error: ProtocolError, { now, newId }: WireErrorContext): Response {
  const traceId = newId()
  const correlationId = newId()
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
  const prefix = error.aadsts ? `AADSTS${error.aadsts}: ` : ''
  return HttpResponse.json(
    {
      error: error.error,
      error_description: `${prefix}${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: error.aadsts ? [error.aadsts] : [],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      ...(error.aadsts ? { error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}` } : {}),
    },
    { status: error.status },
  )
}

// MS-DVRJ 2.2.3.1: all four members are strings; Time reads like "02-24-2016 17:37:01Z".
function drsBody(error: ProtocolError, { now, newId }: WireErrorContext): Response {
  const iso = new Date(now).toISOString()
  const time = `${iso.slice(5, 7)}-${iso.slice(8, 10)}-${iso.slice(0, 4)} ${iso.slice(11, 19)}Z`
  return HttpResponse.json(
    { ErrorType: error.error, Message: error.message, TraceId: newId(), Time: time },
    { status: error.status },
  )
}
