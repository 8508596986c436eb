import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { diagnosticData, explainTraceFailure } from '../../src/explain/failures.ts'
import { normaliseHresult, windowsCode } from '../../src/explain/windows-codes.ts'
import { JOIN_ERROR_CODES } from '../../src/trace/outcome.ts'
import { parseTrace } from '../../src/trace/parse.ts'
import type { Trace } from '../../src/trace/schema.ts'

function recording(name: string): Trace {
  const parsed = parseTrace(readFileSync(`src/stories/recordings/${name}.json`, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.errors.join('; '))
  return parsed.trace
}

/** The sync-pending story cut where DRS first refused: what a device that gave up would show. */
function notSynced(): Trace {
  const trace = recording('haadj-managed-sync-pending')
  const refused = trace.steps.findIndex((step) => step.exchanges.some((e) => e.response.status === 400))
  return {
    ...trace,
    outcome: 'DEVICE_NOT_SYNCED',
    failure: { code: 'DEVICE_NOT_SYNCED', message: 'not synced', phase: 'G' },
    steps: trace.steps.slice(0, refused + 1),
  }
}

describe('explained failures', () => {
  it('tells a Windows Hello refusal after the join from a join failure, in the key service’s words', () => {
    const explained = explainTraceFailure(recording('aadj-managed-hello-without-mfa'))!
    expect(explained).toMatchObject({
      code: 'TOKEN_REJECTED',
      flowPhase: 'J',
      errorPhase: undefined,
      client: undefined,
      serverErrorCode: 'AuthenticationError',
      httpStatus: 401,
    })
    expect(explained.serverMessage).toMatch(/amr \(pwd\) shows no multi-factor sign-in/)
    expect(explained.meaning).toMatch(/^The device is joined and has its PRT/)
  })

  it('prints the Diagnostic Data of a sync join that ran before Azure AD Connect synced the computer', () => {
    expect(diagnosticData(notSynced())).toEqual({
      'Diagnostics Reference': 'www.microsoft.com/aadjerrors',
      'User Context': 'SYSTEM',
      'Client Time': '2026-01-15 09:30:02.500 UTC',
      'AD Connectivity Test': 'PASS',
      'AD Configuration Test': 'PASS',
      'DRS Discovery Test': 'PASS',
      'DRS Connectivity Test': 'PASS',
      'Token acquisition Test': 'SKIPPED',
      'Fallback to Sync-Join': 'ENABLED',
      'Previous Registration': '2026-01-15 09:30:02.500 UTC',
      'Registration Type': 'sync',
      'Error Phase': 'join',
      'Client ErrorCode': '0x801c03f2',
      'Server ErrorCode': 'DirectoryError',
      'Server Message':
        "The device object by the given id (b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d) isn't found.",
      'Https Status': '400',
      'Request Id': '5eed0000-0000-4000-8000-160b36620001',
    })
    expect(explainTraceFailure(notSynced())?.client?.name).toBe('DSREG_E_DIRECTORY_FAILURE')
  })

  it('fails the AD Configuration Test with 0x801c001d when there is no SCP, and skips the rest', () => {
    const data = diagnosticData(recording('haadj-managed-no-scp'))!
    expect(data['AD Configuration Test']).toBe('FAIL [0x801c001d]')
    expect(data['DRS Discovery Test']).toBe('SKIPPED')
    expect(data['Error Phase']).toBe('discover')
  })

  it('names the other tenant case DSREG_DISCOVERY_TENANT_NOT_FOUND', () => {
    expect(explainTraceFailure(recording('haadj-managed-other-tenant-scp'))?.client?.hex).toBe('0x801c003a')
  })

  it('puts a federated computer’s failure at AD FS in the auth phase, as a failed token acquisition', () => {
    const data = diagnosticData(recording('haadj-federated-adfs-down'))!
    expect(data).toMatchObject({
      'Token acquisition Test': 'FAIL [0xcaa90006]',
      'Registration Type': 'fed',
      'Error Phase': 'auth',
      'Https Status': '503',
    })
  })

  it('explains cloud joins without a Diagnostic Data section, as Windows prints none', () => {
    const expired = recording('aadj-managed-expired-token')
    expect(diagnosticData(expired)).toBeUndefined()
    expect(explainTraceFailure(expired)).toMatchObject({
      errorPhase: 'join',
      client: { hex: '0x801c0002', name: 'DSREG_E_DEVICE_AUTHENTICATION_ERROR' },
      serverErrorCode: 'AuthenticationError',
      serverMessage: 'The access token has expired.',
      httpStatus: 401,
      flowPhase: 'G',
    })
    expect(explainTraceFailure(recording('aadj-federated-trust-outdated'))).toMatchObject({
      errorPhase: 'auth',
      client: { hex: '0xcaa20003' },
      serverErrorCode: 'invalid_grant',
      serverMessage: 'AADSTS50008: The SAML token signature does not verify against the federation trust.',
    })
    expect(explainTraceFailure(recording('aadj-managed-drs-down'))?.client?.name).toBe('DSREG_SERVER_BUSY')
  })

  it('has a meaning and something to check for every failure code, and nothing for a registered run', () => {
    const base = recording('aadj-managed-wrong-password')
    for (const code of JOIN_ERROR_CODES) {
      const explanation = explainTraceFailure({ ...base, outcome: code, failure: { code, message: 'm' } })
      expect(explanation?.meaning.length, code).toBeGreaterThan(20)
      expect(explanation?.check.length, code).toBeGreaterThan(0)
    }
    expect(explainTraceFailure(recording('aadj-managed-happy'))).toBeUndefined()
  })
})

describe('Windows codes', () => {
  it('reads hex in any case and signed decimal alike', () => {
    expect(normaliseHresult('-2145647630')).toBe('0x801c03f2')
    expect(normaliseHresult('0x801C03F2')).toBe('0x801c03f2')
    expect(windowsCode('-2145648611')?.name).toBe('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED')
    expect(normaliseHresult('0x80_1c')).toBeUndefined()
  })
})
