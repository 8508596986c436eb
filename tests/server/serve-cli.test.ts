import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseUserOption, readTenantFile } from '../../src/server/tenant-file.ts'

function serve(args: string[]): Promise<{ lines: string[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/serve.ts', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'djt-cli-')), ...args])
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
    const { lines, code } = await serve(['--user', 'alex@contoso.com=S3cret!'])
    expect(lines[0]).toMatch(/^HTTPS_PROXY=http:\/\/127\.0\.0\.1:\d+$/)
    expect(lines[1]).toMatch(/^SSL_CERT_FILE=\/.+\/ca\.pem$/)
    expect(lines).toContain('user adele.vance@contoso.com password Pa55w.rd-Contoso')
    expect(lines).toContain('user alex@contoso.com password S3cret!')
    expect(code).toBe(0)
  }, 30_000)

  it('explains what is wrong with a tenant file, field by field', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'djt-tenant-')), 'tenant.json')
    writeFileSync(path, JSON.stringify({ tenantId: 'nope', domain: 'fabrikam.com', displayName: 'Fabrikam', region: 'EU', users: [{ upn: 'x', password: '' }] }))
    expect(() => readTenantFile(path)).toThrow(/"tenantId" must be a GUID; "users\.0\.upn" .*; "users\.0\.password" .*/)
    writeFileSync(path, '{ not json')
    expect(() => readTenantFile(path)).toThrow(/not a readable JSON file/)
  })

  it('reads --user upn=password and refuses anything else', () => {
    expect(parseUserOption('a@b.com=p=w')).toMatchObject({ upn: 'a@b.com', password: 'p=w' })
    expect(() => parseUserOption('a@b.com')).toThrow('--user "a@b.com": expected <upn>=<password>')
  })
})
