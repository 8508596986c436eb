/** Form and JSON fields whose values never reach a trace (compared without case: AD FS posts `Password`). */
const SECRET_FIELDS = ['password', 'client_secret', 'verificationcode']
export const REDACTED = '[redacted]'

/** Blanks secrets in a form-encoded or JSON body; anything else passes unchanged. */
export function redact(body: string): string {
  const isSecret = (name: string) => SECRET_FIELDS.includes(name.toLowerCase())
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
  return form.toString()
}
