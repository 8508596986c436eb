/** A body that reads as `name=value&…`; anything with spaces or line breaks is not one. */
export function isFormBody(body: string, contentType = ''): boolean {
  if (contentType.includes('application/x-www-form-urlencoded')) return true
  return /^[^\s=&]+=[^\s]*$/.test(body.trim())
}

/** The fields of a form-encoded body, in order, decoded. */
export function formFields(body: string): Array<[string, string]> {
  return [...new URLSearchParams(body.trim()).entries()]
}
