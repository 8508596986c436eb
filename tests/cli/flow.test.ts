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
})
