/** Form and JSON fields whose values never reach a trace (compared without case: AD FS posts `Password`). */
const SECRET_FIELDS = ['password', 'client_secret', 'verificationcode']
export const REDACTED = '[redacted]'

const isSecret = (name: string) => SECRET_FIELDS.includes(name.toLowerCase())

/** Blanks secrets in a form-encoded or JSON body; anything else passes unchanged. */
export function redact(body: string): string {
  const trimmed = body.trim()
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as Record<string, unknown>
      for (const field of Object.keys(value)) if (isSecret(field)) value[field] = REDACTED
      return JSON.stringify(value)
    } catch {
      return body
    }
  }
  if (!/^[^\s=&]+=[^\s]*$/.test(trimmed)) return body // not a form body
  const form = new URLSearchParams(body)
  for (const field of [...form.keys()]) if (isSecret(field)) form.set(field, REDACTED)
  // A PRT request carries the user's password inside its signed JWT (`request`).
  const request = form.get('request')
  if (request) form.set('request', redactJwtPayload(request))
  return form.toString()
}

/**
 * Blanks secret claims in a JWT's payload. The trace keeps the header and signature as they were,
 * so a redacted request no longer verifies: the trace shows what was sent, not a replayable copy.
 */
function redactJwtPayload(jwt: string): string {
  const [header, payload, signature, ...rest] = jwt.split('.')
  if (!header || !payload || signature === undefined || rest.length > 0) return jwt
  let claims: Record<string, unknown>
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/')
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
    claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
  } catch {
    return jwt
  }
  if (typeof claims !== 'object' || claims === null || !Object.keys(claims).some(isSecret)) return jwt
  for (const field of Object.keys(claims)) if (isSecret(field)) claims[field] = REDACTED
  let binary = ''
  for (const byte of new TextEncoder().encode(JSON.stringify(claims))) binary += String.fromCharCode(byte)
  const encoded = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return `${header}.${encoded}.${signature}`
}
