import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyseDsregStatus } from '../../src/explain/dsregcmd/analyse.ts'
import { fieldValue, MAX_INPUT, parseDsregStatus } from '../../src/explain/dsregcmd/parse.ts'

const sample = (name: string) => readFileSync(`tests/explain/dsregcmd/${name}.txt`, 'utf8')

function analyse(name: string) {
  const parsed = parseDsregStatus(sample(name))
  if (!parsed.ok) throw new Error(parsed.reason)
  return { report: parsed.report, analysis: analyseDsregStatus(parsed.report) }
}

describe('dsregcmd /status parser', () => {
  it('reads every boxed section and splits values on the first " : " only', () => {
    const { report } = analyse('aadj')
    expect(report.sections.map((section) => section.title)).toEqual([
      'Device State',
      'Device Details',
      'Tenant Details',
      'User State',
      'SSO State',
      'Diagnostic Data',
      'IE Proxy Config for Current User',
      'WinHttp Default Proxy Config',
      'Ngc Prerequisite Check',
    ])
    expect(fieldValue(report, 'Executing Account Name')).toBe('FABRIKAM\\megan, megan@fabrikam.com')
    expect(fieldValue(report, 'authcodeurl')).toMatch(
      /^https:\/\/login\.microsoftonline\.com\/.+\/oauth2\/authorize$/,
    )
    expect(fieldValue(report, 'Auto-Configuration URL')).toBe('')
    expect(fieldValue(report, 'DeviceCertificateValidity')).toBe(
      '[ 2025-03-04 10:12:31.000 UTC -- 2035-03-04 10:42:31.000 UTC ]',
    )
  })

  it('reads the old flat layout (Name: Value, tenant fields in Device State) and CRLF line ends', () => {
    const old = analyse('hybrid-old-layout')
    expect(fieldValue(old.report, 'TenantName', 'Device State')).toBe('Fabrikam')
    expect(fieldValue(old.report, 'JoinSrvUrl')).toBe(
      'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
    )
    expect(old.analysis.joinState).toBe('Hybrid Azure AD joined')
    expect(sample('hybrid')).toContain('\r\n')
    expect(analyse('hybrid').analysis.joinState).toBe('Hybrid Azure AD joined')
  })
})

describe('dsregcmd /status analysis', () => {
  it.each([
    ['aadj', 'Azure AD joined'],
    ['hybrid', 'Hybrid Azure AD joined'],
    ['domain-only', 'Domain joined only'],
    ['registered', 'Azure AD registered'],
    ['onprem-drs', 'On-premises DRS joined'],
    ['hybrid-failed-sync', 'Domain joined only'],
  ])('%s reads as %s', (name, state) => {
    expect(analyse(name).analysis.joinState).toBe(state)
  })

  it('explains a sync join that ran before Azure AD Connect synced the computer, and links its story', () => {
    const { analysis } = analyse('hybrid-failed-sync')
    expect(analysis.flow).toMatch(/^Hybrid join, managed/)
    expect(analysis.phaseReached).toMatch(/^D: waiting for Azure AD Connect/)
    expect(analysis.failure).toMatchObject({
      errorPhase: 'join',
      clientCode: '0x801c03f2',
      client: { name: 'DSREG_E_DIRECTORY_FAILURE' },
      serverErrorCode: 'DirectoryError',
      httpStatus: '400',
      requestId: 'a7c9e1f3-0b2d-4e6f-8a1c-3e5a7c9e1f30',
    })
    expect(analysis.failure?.check.join(' ')).toContain('sync scope')
    expect(analysis.story?.id).toBe('haadj-managed-sync-pending')
  })

  it('explains a failed DRS discovery with its inner WinINet code', () => {
    const { analysis } = analyse('hybrid-failed-discover')
    expect(analysis.flow).toBe('Hybrid join, federated')
    expect(analysis.failure).toMatchObject({
      failedTest: 'DRS Discovery Test',
      clientCode: '0x801c0021',
      innerCode: '0x80072ee2',
      client: { name: 'DSREG_AUTOJOIN_DISC_FAILED' },
    })
    expect(analysis.failure?.meaning).toContain('WININET_E_TIMEOUT')
    expect(analysis.phaseReached).toMatch(/^B–C/)
  })

  it('sends a missing SCP to the SCP story', () => {
    const { analysis } = analyse('hybrid-failed-scp')
    expect(analysis.phaseReached).toMatch(/^B: reading the service connection point/)
    expect(analysis.story?.id).toBe('haadj-managed-no-scp')
  })

  it('says a domain-joined device with no Diagnostic Data has not tried yet', () => {
    const { analysis } = analyse('domain-only')
    expect(analysis.failure).toBeUndefined()
    expect(analysis.phaseReached).toMatch(/^A: the Automatic-Device-Join task has not run/)
  })

  it('reports a device deleted or disabled in Entra ID', () => {
    const text = sample('aadj').replace(
      'DeviceAuthStatus : SUCCESS',
      'DeviceAuthStatus : FAILED. Device is either disabled or deleted',
    )
    const parsed = parseDsregStatus(text)
    expect(parsed.ok && analyseDsregStatus(parsed.report).findings.join(' ')).toContain('disabled or deleted')
  })

  it('warns that a paste cut before DomainJoined may be a hybrid join, and says nothing of it for a whole one', () => {
    const whole = sample('hybrid')
    const cut = parseDsregStatus(whole.slice(0, whole.indexOf('DomainJoined')))
    const findings = cut.ok ? analyseDsregStatus(cut.report).findings : []
    expect(findings.join(' ')).toMatch(/^No DomainJoined line: the output looks cut off/)
    for (const name of ['hybrid', 'aadj', 'domain-only', 'registered', 'onprem-drs', 'hybrid-old-layout'])
      expect(analyse(name).analysis.findings.join(' ')).not.toContain('cut off')
  })
})

describe('hostile dsregcmd input', () => {
  it.each([
    ['empty text', ''],
    ['a web page', '<html><body>AzureAdJoined</body></html>'],
    ['binary', 'AzureAdJoined : YES\u0000\u0001'],
    ['too long', `AzureAdJoined : YES\n${'x'.repeat(MAX_INPUT)}`],
  ])('refuses %s with a reason', (_, input) => {
    const parsed = parseDsregStatus(input)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.reason.length).toBeGreaterThan(10)
  })

  it('never throws, whatever the text, and whatever it accepts it can analyse', () => {
    const lines = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'AzureAdJoined : YES',
        'DomainJoined : YES',
        '| Diagnostic Data |',
        'Error Phase : join',
        'Client ErrorCode : 0x801c03f2',
        'DRS Discovery Test : FAIL [0x/zz]',
        ' : ',
        '|',
        '||',
      ),
    )
    fc.assert(
      fc.property(
        fc.array(lines, { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (parts, newline) => {
          const parsed = parseDsregStatus(parts.join(newline))
          if (parsed.ok) expect(analyseDsregStatus(parsed.report).joinState).toBeTypeOf('string')
          else expect(parsed.reason).toBeTypeOf('string')
        },
      ),
      { numRuns: 300 },
    )
  })
})
