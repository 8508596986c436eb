import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseTrace } from '../../src/trace/parse.ts'
import { opensslCsrSignatureOk, opensslVerify } from '../support/openssl.ts'

function flow(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flow.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('npm run flow', () => {
  it('runs aadj-managed, prints phases A to H and writes a trace whose certificate OpenSSL verifies', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'djt-flow-')), 't.json')
    const result = flow('aadj-managed', '--out', out)
    expect(result.status).toBe(0)
    const letters = [...result.stdout.matchAll(/^ {2}([A-I]) {2}/gm)].map((match) => match[1])
    expect([...new Set(letters)]).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
    expect(result.stdout).toMatch(/registered: device [0-9a-f-]{36}/)
    const parsed = parseTrace(readFileSync(out, 'utf8'))
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
    const { artifacts } = parsed.trace
    expect(opensslVerify(artifacts.caCertificate!, artifacts.deviceCertificate!).ok).toBe(true)
    expect(opensslCsrSignatureOk(artifacts.csr!)).toBe(true)
  })

  it('runs with the software key provider and says so in the trace', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'djt-flow-')), 't.json')
    expect(flow('aadj-managed', '--software-keys', '--out', out).status).toBe(0)
    const trace = JSON.parse(readFileSync(out, 'utf8'))
    expect(trace.artifacts).toMatchObject({
      keyProvider: 'Microsoft Software Key Storage Provider',
      tpmProtected: false,
    })
    expect(trace.device['Device Details']).toMatchObject({
      KeyProvider: 'Microsoft Software Key Storage Provider',
      TpmProtected: 'NO',
    })
  })

  it('refuses an unknown scenario with a clear message and a non-zero exit', () => {
    const result = flow('aadj-imaginary')
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('scenario "aadj-imaginary": not known. Scenarios: aadj-managed')
  })

  it('refuses an argument it does not take, before running anything', () => {
    const extra = flow('aadj-managed', 'extra')
    expect(extra.status).toBe(2)
    expect(extra.stderr).toContain('unexpected argument "extra"')
    expect(extra.stdout).not.toMatch(/^ {2}A {2}/m)
    const afterStory = flow('--story', 'aadj-managed-happy', 'aadj-managed')
    expect(afterStory.status).toBe(2)
    expect(afterStory.stderr).toContain('unexpected argument "aadj-managed"')
    // Two cold starts of node + tsx; on a loaded two-core machine each can take over ten seconds.
  }, 90_000)

  it.each([
    ['a folder that does not exist', (dir: string) => join(dir, 'missing', 't.json')],
    ['a folder itself', (dir: string) => dir],
  ])('refuses an --out in %s before the run, with exit code 3', (_case, outIn) => {
    const out = outIn(mkdtempSync(join(tmpdir(), 'djt-flow-')))
    const result = flow('aadj-managed', '--out', out)
    expect(result.status).toBe(3)
    expect(result.stderr).toContain(`--out "${out}": cannot write the trace there`)
    expect(result.stdout).not.toMatch(/^ {2}A {2}/m)
  })

  it('goes on after the join with --after-join: PRT and Windows Hello phases, in the trace and dsregcmd', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'djt-flow-')), 't.json')
    const result = flow('aadj-federated', '--after-join', '--out', out)
    expect(result.status).toBe(0)
    const letters = [...result.stdout.matchAll(/^ {2}([A-K]) {2}/gm)].map((match) => match[1])
    expect([...new Set(letters)]).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'])
    expect(result.stdout).toContain('POST login.microsoftonline.com/common/oauth2/token')
    expect(result.stdout).toContain('POST enterpriseregistration.windows.net/EnrollmentServer/key/ -> 200')
    const parsed = parseTrace(readFileSync(out, 'utf8'))
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
    expect(parsed.trace).toMatchObject({ afterJoin: true, outcome: 'registered' })
    expect(parsed.trace.device?.['SSO State']?.AzureAdPrt).toBe('YES')
    expect(parsed.trace.device?.['User State']?.NgcSet).toBe('YES')
  }, 90_000)

  it('refuses --after-join for a hybrid flow, before running anything', () => {
    const result = flow('haadj-managed', '--after-join')
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('--after-join: haadj-managed has no phases after the join')
    expect(result.stdout).not.toMatch(/^ {2}A {2}/m)
  }, 60_000)
})

describe('npm run flow --fault', () => {
  it('runs with a fault armed and exits 1 with the failure the device reports', () => {
    const result = flow('aadj-managed', '--fault', 'drs.join:quota')
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('fault armed: drs.join:quota')
    expect(result.stderr).toContain('failed in phase G: DEVICE_QUOTA_EXCEEDED')
    expect(result.stderr).toContain('Windows: 0x801c000e DSREG_E_DEVICE_REGISTRATION_QUOTA_EXCCEEDED')
    expect(result.stderr).toContain('DeviceCapReached')
  })

  it('refuses an unknown or malformed fault before running, with the valid names, exit 2', () => {
    const result = flow(
      'aadj-managed',
      '--fault',
      'drs.join:503',
      '--fault',
      'drs.jion:503',
      '--fault',
      'drs.join:latency=1h',
    )
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('--fault "drs.jion" is not an exchange')
    expect(result.stderr).toContain('--fault "drs.join:latency=1h": "latency=1h" is not an effect')
    expect(result.stderr).toMatch(
      /^ {2}drs\.join +500 503 malformed truncated drop latency=<duration> skew=<offset> quota$/m,
    )
    expect(flow('aadj-managed', '--fault').status).toBe(2)
  })

  it('lists every fault with --faults', () => {
    const result = flow('--faults')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(
      /^ {2}drs\.discovery +500 503 malformed truncated drop latency=<duration>$/m,
    )
  })
})
