import { HttpResponse } from 'msw'

/** Which service's error body to render: Azure AD's OAuth shape or DRS's ErrorDetails shape. */
export type WireShape = 'azure-ad' | 'drs'

/**
 * A request the emulated service refuses. Checks throw it; `toWireError()` is the only code that
 * turns one into a response body.
 */
export class ProtocolError extends Error {
  readonly status: number
  readonly shape: WireShape
  /** Azure AD: the OAuth `error` (invalid_grant…). DRS: the `ErrorType` (AuthenticationError…). */
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
      : new ProtocolError(shape, 500, shape === 'drs' ? 'InternalServerError' : 'server_error', 'The service hit an unexpected error.')
  return known.shape === 'drs' ? drsBody(known, context) : azureAdBody(known, context)
}

function azureAdBody(error: ProtocolError, { now, newId }: WireErrorContext): Response {
  const traceId = newId()
  const correlationId = newId()
  const timestamp = new Date(now).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')
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
