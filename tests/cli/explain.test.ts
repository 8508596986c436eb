import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function explain(path: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flow.ts', 'explain', path], {
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('npm run flow -- explain', () => {
  it('explains dsregcmd /status saved by Windows PowerShell (UTF-16LE with a BOM)', () => {
    const text = readFileSync('tests/explain/dsregcmd/hybrid-failed-discover.txt', 'utf8')
    const path = join(mkdtempSync(join(tmpdir(), 'djt-explain-')), 'status.txt')
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const result = explain(path)
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/Join state : Domain joined only/)
    expect(result.stdout).toMatch(/Failed test : DRS Discovery Test/)
    expect(result.stdout).toMatch(/Client error code : 0x801c0021 DSREG_AUTOJOIN_DISC_FAILED/)
    expect(result.stdout).toContain('What to check:')
  })

  it('explains a failed trace as Windows would report it', () => {
    const result = explain('src/stories/recordings/aadj-managed-expired-token.json')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/Phase reached : G/)
    expect(result.stdout).toMatch(/Client error code : 0x801c0002 DSREG_E_DEVICE_AUTHENTICATION_ERROR/)
    expect(result.stdout).toMatch(/HTTP status : 401/)
  })

  it('refuses a file that is neither, with a reason and exit code 2', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'djt-explain-')), 'junk.bin')
    writeFileSync(path, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]))
    const result = explain(path)
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('not read: The text holds control characters')
    // A zip is read as Fiddler's session archive, and refused as one when it is not whole.
    writeFileSync(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]))
    const zip = explain(path)
    expect(zip.status).toBe(2)
    expect(zip.stderr).toContain('not read as a Fiddler session archive:\n  the zip archive is cut short')
    expect(explain('/nonexistent/file.txt').stderr).toContain('cannot read (ENOENT)')
  })
})

describe('npm run flow -- explain on a HAR', () => {
  it('classifies a capture from another tool and explains its failure', async () => {
    const { traceToHar } = await import('../../src/har/export.ts')
    const { parseTrace } = await import('../../src/trace/parse.ts')
    const parsed = parseTrace(readFileSync('src/stories/recordings/aadj-managed-wrong-password.json', 'utf8'))
    if (!parsed.ok) throw new Error(parsed.errors.join('; '))
    const { _trace, ...log } = traceToHar(parsed.trace).log
    const path = join(mkdtempSync(join(tmpdir(), 'djt-explain-')), 'capture.har')
    writeFileSync(
      path,
      JSON.stringify({ log: { ...log, entries: log.entries.map(({ _step, ...entry }) => entry) } }),
    )
    const result = explain(path)
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('a HAR classified as aadj-managed')
    expect(result.stdout).toMatch(/Outcome : CREDENTIALS_REJECTED/)
    expect(result.stdout).toMatch(/Server message : AADSTS50126/)
  })
})
