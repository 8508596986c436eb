import { ProtocolError } from '../protocol-error.ts'

/**
 * Rule for DRS's JSON requests (the join POST, the hybrid PUT): `Content-Type` is
 * `application/json`, parameters such as a charset allowed; anything else, or none, is 415, as
 * an ASP.NET Web API service refuses a media type it has no formatter for.
 * [unconfirmed: the status and words of the real DRS refusal]
 */
export function requireJsonContentType(request: Request): void {
  const contentType = request.headers.get('content-type') ?? ''
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase()
  if (mediaType === 'application/json') return
  throw new ProtocolError(
    'drs',
    415,
    'InvalidRequest',
    `The request's content type "${contentType}" is not supported: send application/json.`,
  )
}
