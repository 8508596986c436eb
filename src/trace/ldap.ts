/**
 * The one LDAP shape: what a client asks a domain controller, what it answers, and the RFC 4511
 * result codes, shared by the emulated directory (mocks/onprem-ad.ts), Azure AD Connect's report,
 * the device's directory client and the recorder that files each operation in the trace.
 */

/**
 * The device registration service connection point's fixed name under the forest's configuration
 * partition. @see protocol.md "Hybrid join (HAADJ) specifics"
 */
export const SCP_RDN =
  'CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration'

export type LdapScope = 'base' | 'one' | 'sub'

/** A search as the device (or Azure AD Connect) sends it. `filter` is RFC 4515 text. */
interface LdapSearch {
  base: string
  scope: LdapScope
  filter: string
  attributes: string[]
}

/**
 * An entry: attribute → values. Binary values (userCertificate) are base64, objectGUID a GUID
 * string, objectSid its S-1-… form.
 */
export interface LdapEntry {
  dn: string
  attributes: Record<string, string[]>
}

export interface LdapModification {
  operation: 'add' | 'replace' | 'delete'
  attribute: string
  values: string[]
}

/** RFC 4511 §4.1.9 result codes this project's directory uses. */
export const LDAP_RESULT = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  noSuchAttribute: 16,
  attributeOrValueExists: 20,
  noSuchObject: 32,
  insufficientAccessRights: 50,
  unwillingToPerform: 53,
  entryAlreadyExists: 68,
} as const

/** An LDAP result as the trace records it in an exchange's response body. */
export interface LdapResult {
  resultCode: number
  diagnosticMessage?: string
  entries?: LdapEntry[]
}

/** The domain controller as the computer account sees it after it has authenticated. */
export interface DirectoryClient {
  dcHost: string
  search: (request: LdapSearch) => Promise<LdapEntry[]>
  modify: (dn: string, changes: LdapModification[]) => Promise<void>
}

/** The domain controller in process, before a client binds to it: every write names its account. */
export interface DirectoryServer {
  dcHost: string
  search: (request: LdapSearch) => LdapEntry[]
  /** `boundAs` is the account the caller authenticated as; a computer may write only its own object. */
  modify: (dn: string, changes: LdapModification[], boundAs: string) => void
}
