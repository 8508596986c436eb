import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'djt-openssl-')), name)
  writeFileSync(path, content)
  return path
}

/** `openssl verify -CAfile`: exits non-zero when the chain does not verify. */
export function opensslVerify(caPem: string, certificatePem: string): { ok: boolean; output: string } {
  const result = spawnSync(
    'openssl',
    ['verify', '-CAfile', tempFile('ca.pem', caPem), tempFile('cert.pem', certificatePem)],
    { encoding: 'utf8' },
  )
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() }
}

/** `openssl req -verify` exits 0 even on a bad signature, so the verdict is read from its output. */
export function opensslCsrSignatureOk(csrPem: string): boolean {
  const result = spawnSync('openssl', ['req', '-in', tempFile('req.pem', csrPem), '-verify', '-noout'], {
    encoding: 'utf8',
  })
  return `${result.stdout}${result.stderr}`.includes('self-signature verify OK')
}

export function opensslText(certificatePem: string): string {
  return execFileSync('openssl', ['x509', '-in', tempFile('cert.pem', certificatePem), '-noout', '-text'], {
    encoding: 'utf8',
  })
}
