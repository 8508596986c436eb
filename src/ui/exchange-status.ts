import { LDAP_RESULT } from '../trace/ldap.ts'
import type { Exchange } from '../trace/schema.ts'

const LDAP_NAMES = new Map<number, string>(Object.entries(LDAP_RESULT).map(([name, code]) => [code, name]))

/**
 * An answer's status as its protocol words it, the same in the sequence, the inspector and the
 * network log: an HTTP status code, or "no answer" (0: none came); an LDAP result by its RFC 4511
 * name ("success" rather than a 0 beside the HTTP 200s); a sync step on premises "done", its export
 * to Azure AD (over HTTP) the status it got.
 */
export function statusWords(protocol: Exchange['protocol'], status: number): string {
  if (protocol === 'ldap') return LDAP_NAMES.get(status) ?? `result ${status}`
  if (protocol === 'sync' && status === 0) return 'done'
  return status === 0 ? 'no answer' : String(status)
}
