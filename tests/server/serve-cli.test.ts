import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseUserOption, readTenantFile } from '../../src/server/tenant-file.ts'
import { parseTrace } from '../../src/trace/parse.ts'

function serve(args: string[]): Promise<{ lines: string[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      'src/server/serve.ts',
      '--port',
      '0',
      '--data',
      mkdtempSync(join(tmpdir(), 'djt-cli-')),
      ...args,
    ])
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Ctrl-C stops')) child.kill('SIGINT')
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ lines: out.trim().split('\n'), code }))
  })
}

describe('npm run serve on the command line', () => {
  it('prints the proxy, the CA file and the demo user one per line, and stops cleanly on Ctrl-C', async () => {
    const tracePath = join(mkdtempSync(join(tmpdir(), 'djt-cli-trace-')), 'session.json')
    const { lines, code } = await serve(['--user', 'alex@contoso.com=S3cret!', '--trace', tracePath])
    expect(lines[0]).toMatch(/^HTTPS_PROXY=http:\/\/127\.0\.0\.1:\d+$/)
    expect(lines[1]).toMatch(/^SSL_CERT_FILE=\/.+\/ca\.pem$/)
    expect(lines).toContain('user adele.vance@contoso.com password Pa55w.rd-Contoso')
    expect(lines).toContain('user alex@contoso.com password S3cret!')
    expect(code).toBe(0)
    const trace = parseTrace(readFileSync(tracePath, 'utf8')) // written even with no request yet
    expect(trace.ok && trace.trace).toMatchObject({
      scenario: 'server-session',
      outcome: 'pending',
      steps: [],
    })
  }, 30_000)

  it('says so when --approve-device-codes approves every device code as the first user', async () => {
    const { lines, code } = await serve(['--approve-device-codes'])
    expect(lines).toContain('device codes are approved at once as adele.vance@contoso.com')
    expect(code).toBe(0)
  }, 30_000)

  it('explains what is wrong with a tenant file, field by field', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'djt-tenant-')), 'tenant.json')
    writeFileSync(
      path,
      JSON.stringify({
        tenantId: 'nope',
        domain: 'fabrikam.com',
        displayName: 'Fabrikam',
        region: 'EU',
        users: [{ upn: 'x', password: '' }],
      }),
    )
    expect(() => readTenantFile(path)).toThrow(
      /"tenantId" must be a GUID; "users\.0\.upn" .*; "users\.0\.password" .*/,
    )
    writeFileSync(path, '{ not json')
    expect(() => readTenantFile(path)).toThrow(/not a readable JSON file/)
  })

  it('takes on-premises computers from a tenant file, their userCertificate kept apart to be synced at start', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'djt-tenant-')), 'tenant.json')
    const pc = {
      name: 'PC-1',
      objectGuid: 'b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d',
      objectSid: 'S-1-5-21-1-2-3-1013',
    }
    const tenant = {
      tenantId: '9d53c6fa-b38e-4509-8fb1-51dedb421aac',
      domain: 'contoso.com',
      displayName: 'Contoso',
      region: 'NA',
      users: [],
    }
    writeFileSync(
      path,
      JSON.stringify({
        ...tenant,
        onPremises: { dnsDomain: 'corp.contoso.com', computers: [{ ...pc, userCertificate: 'MIIB…' }] },
      }),
    )
    expect(readTenantFile(path)).toEqual({
      fixture: {
        ...tenant,
        onPremises: { dnsDomain: 'corp.contoso.com', syncIntervalMinutes: 30, computers: [pc] },
      },
      computerCertificates: [{ computer: 'PC-1', userCertificate: 'MIIB…' }],
    })
    writeFileSync(
      path,
      JSON.stringify({
        ...tenant,
        onPremises: {
          dnsDomain: 'corp.contoso.com',
          computers: [{ ...pc, name: 'PC 1;*', objectSid: 'S-1-5-18' }],
        },
      }),
    )
    expect(() => readTenantFile(path)).toThrow(
      '"onPremises.computers.0.name" must be a NetBIOS computer name; "onPremises.computers.0.objectSid" must be a domain SID (S-1-5-21-…-RID)',
    )
  })

  it('reads --user upn=password and refuses anything else', () => {
    expect(parseUserOption('a@b.com=p=w')).toMatchObject({ upn: 'a@b.com', password: 'p=w' })
    expect(() => parseUserOption('a@b.com')).toThrow('--user "a@b.com": expected <upn>=<password>')
  })

  it.each(['', ' ', '1e3', '65536'])('refuses --port %j instead of listening on some port', (port) => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/server/serve.ts',
        '--port',
        port,
        '--data',
        mkdtempSync(join(tmpdir(), 'djt-cli-')),
      ],
      { encoding: 'utf8', timeout: 20_000 },
    )
    expect(result.status).toBe(2)
    expect(result.stdout).not.toContain('HTTPS_PROXY')
    expect(result.stderr).toContain(`--port "${port}" is not a port number (0 to 65535; 0 picks a free port)`)
  })

  it('refuses a --trace-max-mb that is not a whole number of MiB from 1', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/server/serve.ts',
        '--trace-max-mb',
        '0',
        '--data',
        mkdtempSync(join(tmpdir(), 'djt-cli-')),
      ],
      { encoding: 'utf8', timeout: 20_000 },
    )
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('--trace-max-mb "0" is not a size in MiB (a whole number, 1 or more)')
  })
})
