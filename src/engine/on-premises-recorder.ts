import { LDAP_RESULT, type DirectoryClient, type DirectoryServer, type LdapResult } from '../trace/ldap.ts'
import type { SyncReport, SyncService } from '../trace/ports.ts'
import type { ExchangeRecord, FileExchange } from './trace-recorder.ts'

type File = (exchange: ExchangeRecord) => void

/** An in-process directory, reached as an LDAP client bound as one account. */
export function directoryClient(server: DirectoryServer, boundAs: string): DirectoryClient {
  return {
    dcHost: server.dcHost,
    search: async (request) => server.search(request),
    modify: async (dn, changes) => server.modify(dn, changes, boundAs),
  }
}

/** RFC 4516 style: ldap://host/DN?attributes?scope?filter */
function ldapUrl(
  host: string,
  dn: string,
  attributes: string[] = [],
  scope = 'base',
  filter = '(objectClass=*)',
): string {
  return `ldap://${host}/${encodeURI(dn)}?${attributes.join(',')}?${scope}?${encodeURI(filter)}`
}

/**
 * Wraps a directory client so every search and modify becomes an exchange of protocol `ldap`,
 * opened as the operation starts (`open`) so it is timed to its result.
 */
export function recordingDirectory(inner: DirectoryClient, open: () => FileExchange): DirectoryClient {
  const record = async <T>(
    method: string,
    url: string,
    request: unknown,
    run: () => Promise<T>,
    describe: (value: T) => LdapResult,
  ) => {
    const file = open()
    try {
      const value = await run()
      file({
        protocol: 'ldap',
        from: 'device',
        to: 'onprem-ad',
        request: { method, url, headers: {}, body: JSON.stringify(request, null, 2) },
        response: { status: 0, headers: {}, body: JSON.stringify(describe(value), null, 2) },
      })
      return value
    } catch (error) {
      const resultCode = (error as { resultCode?: number }).resultCode ?? LDAP_RESULT.operationsError
      const result: LdapResult = { resultCode, diagnosticMessage: (error as Error).message }
      file({
        protocol: 'ldap',
        from: 'device',
        to: 'onprem-ad',
        request: { method, url, headers: {}, body: JSON.stringify(request, null, 2) },
        response: {
          status: resultCode,
          headers: {},
          body: JSON.stringify(result, null, 2),
        },
      })
      throw error
    }
  }
  return {
    dcHost: inner.dcHost,
    search: (request) =>
      record(
        'search',
        ldapUrl(inner.dcHost, request.base, request.attributes, request.scope, request.filter),
        request,
        () => inner.search(request),
        (entries) => ({ resultCode: LDAP_RESULT.success, entries }),
      ),
    modify: (dn, changes) =>
      record(
        'modify',
        ldapUrl(inner.dcHost, dn),
        { dn, changes },
        () => inner.modify(dn, changes),
        () => ({ resultCode: LDAP_RESULT.success }),
      ),
  }
}

const PROVISIONING = 'https://adminwebservice.microsoftonline.com/provisioningservice.svc'

/** Turns a sync cycle's report into exchanges of protocol `sync`: import from AD, export to Azure AD, write-back. */
export function recordSyncCycle(
  service: SyncService,
  dcHost: string,
  domainDn: string,
  file: File,
): SyncReport {
  const report = service.runCycle()
  if (report.skipped) {
    file({
      protocol: 'sync',
      from: 'aad-connect',
      to: 'aad-connect',
      request: { method: 'cycle', url: 'sync://aad-connect/scheduler', headers: {}, body: '' },
      response: { status: 0, headers: {}, body: report.skipped },
    })
    return report
  }
  const filter = '(&(objectClass=computer)(userCertificate=*))'
  file({
    protocol: 'sync',
    from: 'aad-connect',
    to: 'onprem-ad',
    request: {
      method: 'import',
      url: ldapUrl(dcHost, domainDn, ['objectGUID', 'objectSid', 'userCertificate'], 'sub', filter),
      headers: {},
      body: '',
    },
    response: { status: 0, headers: {}, body: JSON.stringify(report.imported, null, 2) },
  })
  file({
    protocol: 'sync',
    from: 'aad-connect',
    to: 'azure-ad',
    request: {
      method: 'export',
      url: PROVISIONING,
      headers: {},
      body: JSON.stringify(
        report.passedOver ? { exported: report.exported, passedOver: report.passedOver } : report.exported,
        null,
        2,
      ),
    },
    response: { status: 200, headers: {}, body: JSON.stringify({ exported: report.exported.length }) },
  })
  if (report.writtenBack.length > 0) {
    file({
      protocol: 'sync',
      from: 'aad-connect',
      to: 'onprem-ad',
      request: {
        method: 'add',
        url: ldapUrl(dcHost, `CN=RegisteredDevices,${domainDn}`),
        headers: {},
        body: JSON.stringify(report.writtenBack, null, 2),
      },
      response: { status: 0, headers: {}, body: '{"resultCode":0}' },
    })
  }
  return report
}
