import type { TenantFixture } from './fixtures/tenant.ts'
import {
  LDAP_RESULT,
  SCP_RDN,
  type DirectoryServer,
  type LdapEntry,
  type LdapModification,
  type LdapScope,
} from '../src/trace/ldap.ts'
import { FilterSyntaxError, matches, parseFilter } from './ldap-filter.ts'

/** An LDAP result other than success, with its RFC 4511 result code. */
class LdapError extends Error {
  readonly resultCode: number
  constructor(resultCode: number, message: string) {
    super(message)
    this.name = 'LdapError'
    this.resultCode = resultCode
  }
}

/** On-premises Active Directory for one forest: entries by DN, searched and modified with LDAP semantics. */
export interface Directory extends DirectoryServer {
  readonly domainDn: string
  add: (entry: LdapEntry) => void
  entries: () => LdapEntry[]
}

export function createDirectory(fixture: TenantFixture): Directory | undefined {
  const onPremises = fixture.onPremises
  if (!onPremises) return undefined
  const domainDn = onPremises.dnsDomain
    .split('.')
    .map((part) => `DC=${part}`)
    .join(',')
  const store = new Map<string, LdapEntry>()
  const put = (entry: LdapEntry) => store.set(entry.dn.toLowerCase(), entry)
  for (const entry of seedEntries(fixture, domainDn)) put(entry)
  const find = (dn: string) => {
    const entry = store.get(dn.toLowerCase())
    if (!entry) throw new LdapError(LDAP_RESULT.noSuchObject, `No such object: ${dn}`)
    return entry
  }
  return {
    domainDn,
    dcHost: `dc01.${onPremises.dnsDomain}`,
    entries: () => [...store.values()],
    add(entry) {
      if (store.has(entry.dn.toLowerCase()))
        throw new LdapError(LDAP_RESULT.entryAlreadyExists, `Already exists: ${entry.dn}`)
      put(entry)
    },
    search(request) {
      const base = find(request.base)
      let filter
      try {
        filter = parseFilter(request.filter)
      } catch (error) {
        throw new LdapError(
          LDAP_RESULT.protocolError,
          error instanceof FilterSyntaxError ? error.message : 'Bad filter',
        )
      }
      return [...store.values()]
        .filter((entry) => inScope(entry.dn, base.dn, request.scope) && matches(filter, entry.attributes))
        .map((entry) => select(entry, request.attributes))
    },
    modify(dn, changes, boundAs) {
      const entry = find(dn)
      if (boundAs.toLowerCase() !== dn.toLowerCase())
        throw new LdapError(LDAP_RESULT.insufficientAccessRights, `${boundAs} may not write to ${dn}`)
      for (const change of changes) applyChange(entry, change)
    },
  }
}

function seedEntries(fixture: TenantFixture, domainDn: string): LdapEntry[] {
  const onPremises = fixture.onPremises!
  const keywords =
    onPremises.scpKeywords === undefined
      ? [`azureADName:${fixture.domain}`, `azureADId:${fixture.tenantId}`]
      : onPremises.scpKeywords
  const container = (dn: string) => ({ dn, attributes: { objectClass: ['top', 'container'] } })
  const entries: LdapEntry[] = [
    { dn: domainDn, attributes: { objectClass: ['top', 'domain', 'domainDNS'] } },
    container(`CN=Configuration,${domainDn}`),
    container(`CN=Services,CN=Configuration,${domainDn}`),
    container(`CN=Device Registration Configuration,CN=Services,CN=Configuration,${domainDn}`),
    container(`CN=Computers,${domainDn}`),
    container(`CN=RegisteredDevices,${domainDn}`),
  ]
  if (keywords !== null) {
    entries.push({
      dn: `${SCP_RDN},${domainDn}`,
      attributes: { objectClass: ['top', 'leaf', 'connectionPoint', 'serviceConnectionPoint'], keywords },
    })
  }
  for (const computer of onPremises.computers) {
    entries.push({
      dn: `CN=${computer.name},CN=Computers,${domainDn}`,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'user', 'computer'],
        sAMAccountName: [`${computer.name}$`],
        dNSHostName: [`${computer.name.toLowerCase()}.${onPremises.dnsDomain}`],
        objectGUID: [computer.objectGuid],
        objectSid: [computer.objectSid],
      },
    })
  }
  return entries
}

function inScope(dn: string, base: string, scope: LdapScope): boolean {
  const d = dn.toLowerCase()
  const b = base.toLowerCase()
  if (scope === 'base') return d === b
  if (!d.endsWith(`,${b}`)) return scope === 'sub' && d === b
  return scope === 'sub' || !d.slice(0, -b.length - 1).includes(',')
}

function select(entry: LdapEntry, attributes: string[]): LdapEntry {
  if (attributes.length === 0 || attributes.includes('*')) return structuredClone(entry)
  const wanted = attributes.map((name) => name.toLowerCase())
  return {
    dn: entry.dn,
    attributes: Object.fromEntries(
      Object.entries(entry.attributes)
        .filter(([name]) => wanted.includes(name.toLowerCase()))
        .map(([name, values]) => [name, [...values]]),
    ),
  }
}

/** RFC 4511 §4.6: add refuses values already there, delete refuses values not there; an attribute left empty is gone. */
function applyChange(entry: LdapEntry, change: LdapModification): void {
  const name =
    Object.keys(entry.attributes).find((key) => key.toLowerCase() === change.attribute.toLowerCase()) ??
    change.attribute
  const current = entry.attributes[name] ?? []
  let next: string[]
  if (change.operation === 'replace') next = [...change.values]
  else if (change.operation === 'add') {
    const repeated = change.values.find((value) => current.includes(value))
    if (repeated !== undefined)
      throw new LdapError(LDAP_RESULT.attributeOrValueExists, `${change.attribute} already holds that value`)
    next = [...current, ...change.values]
  } else {
    const missing = change.values.find((value) => !current.includes(value))
    if (current.length === 0 || missing !== undefined)
      throw new LdapError(LDAP_RESULT.noSuchAttribute, `${change.attribute} does not hold that value`)
    next = change.values.length === 0 ? [] : current.filter((value) => !change.values.includes(value))
  }
  if (next.length === 0) delete entry.attributes[name]
  else entry.attributes[name] = next
}
