import type { Directory } from './onprem-ad.ts'
import { ProtocolError, type WireShape } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'

/** The domain computer a Negotiate header authenticated, as AD FS reads it from Active Directory. */
export interface AuthenticatedComputer {
  samAccountName: string
  objectGuid: string
  objectSid: string
}

/**
 * Windows integrated authentication, emulated. A real Negotiate header carries a Kerberos service
 * ticket the KDC encrypted for AD FS's service account; here the ticket is clear JSON,
 * `{"principal":"NAME$@REALM","service":"HTTP/sts.contoso.com"}`, and nothing proves the caller
 * holds the computer's password. What stays real: the ticket must be for this AD FS's service
 * name and the forest's realm, and the account must be a computer in the emulated AD, whose
 * objectGUID and SID AD FS then reads from the directory.
 * @see protocol.md "Hybrid join (HAADJ) specifics"
 */
export function authenticateComputer(
  tenant: Tenant,
  header: string | null,
  shape: WireShape,
): AuthenticatedComputer {
  const refuse = (message: string) => new ProtocolError(shape, 401, 'invalid_client', message)
  const encoded = /^Negotiate\s+(\S+)$/.exec(header ?? '')?.[1]
  if (!encoded) throw refuse('Windows integrated authentication is required: no Negotiate token.')
  const ticket = readTicket(encoded)
  if (!ticket) throw refuse('The Negotiate token is not a ticket this emulation issued.')
  const stsHost = tenant.fixture.federation?.stsHost ?? ''
  if (ticket.service.toLowerCase() !== `http/${stsHost}`.toLowerCase())
    throw refuse(`The ticket is for ${ticket.service}, not HTTP/${stsHost}.`)
  const [account = '', realm = ''] = ticket.principal.split('@')
  if (realm.toUpperCase() !== (tenant.fixture.onPremises?.dnsDomain ?? '').toUpperCase())
    throw refuse(`The ticket's realm ${realm} is not this forest's.`)
  const computer = tenant.directory && findComputer(tenant.directory, account)
  if (!computer) throw refuse(`${ticket.principal} is not a computer account in Active Directory.`)
  return computer
}

function readTicket(encoded: string): { principal: string; service: string } | undefined {
  try {
    const value = JSON.parse(atob(encoded)) as { principal?: unknown; service?: unknown }
    return typeof value.principal === 'string' && typeof value.service === 'string'
      ? { principal: value.principal, service: value.service }
      : undefined
  } catch {
    return undefined
  }
}

// sAMAccountName is the name Kerberos knows the computer by (NAME$); the filter value is escaped per RFC 4515.
function findComputer(directory: Directory, account: string): AuthenticatedComputer | undefined {
  const escaped = account.replace(
    /[\\*()\0]/g,
    (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )
  const [entry] = directory.search({
    base: directory.domainDn,
    scope: 'sub',
    filter: `(&(objectClass=computer)(sAMAccountName=${escaped}))`,
    attributes: ['sAMAccountName', 'objectGUID', 'objectSid'],
  })
  const objectGuid = entry?.attributes.objectGUID?.[0]
  const objectSid = entry?.attributes.objectSid?.[0]
  return entry && objectGuid && objectSid
    ? { samAccountName: entry.attributes.sAMAccountName?.[0] ?? account, objectGuid, objectSid }
    : undefined
}
