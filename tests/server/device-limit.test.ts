import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTenantFile } from '../../src/server/tenant-file.ts'
import { joinDevice, prepareJoiner, type Send } from './join-client.ts'
import { startServeChild } from './serve-child.ts'
import { viaProxy } from './tunnel-client.ts'

async function serveWithLimit(limit: string) {
  const server = await startServeChild(['--max-devices-per-user', limit])
  const ca = readFileSync(server.caPath, 'utf8')
  const send: Send = (url, init) => viaProxy(server.port, url, { ca, ...init })
  const stop = async () => {
    server.child.kill('SIGTERM')
    await server.exited
  }
  return { server, send, stop }
}

describe("the tenant's maximum number of devices per user (--max-devices-per-user)", () => {
  it('refuses the join past the limit with DeviceCapReached, as DRS words it', async () => {
    const joiner = await prepareJoiner()
    const { server, send, stop } = await serveWithLimit('1')
    try {
      expect(server.lines).toContain('devices per user: at most 1')
      await expect(joinDevice(send, joiner)).resolves.toMatch(/^MII/)
      await expect(joinDevice(send, joiner)).rejects.toThrow(
        /^join: 403 .*"ErrorType":"AuthorizationError".*DeviceCapReached: adele\.vance@contoso\.com/,
      )
    } finally {
      await stop()
    }
  }, 60_000)

  it('lets one user join more devices than the default 50 when unlimited', async () => {
    const joiner = await prepareJoiner()
    const { server, send, stop } = await serveWithLimit('unlimited')
    try {
      expect(server.lines).toContain('devices per user: unlimited')
      const certificates = new Set<string>()
      for (let join = 0; join < 51; join++) certificates.add(await joinDevice(send, joiner))
      expect(certificates.size).toBe(51)
    } finally {
      await stop()
    }
  }, 120_000)

  it.each(['0', '-3', 'Unlimited'])('refuses %j with exit code 2 before listening', (limit) => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/server/serve.ts',
        `--max-devices-per-user=${limit}`, // "-3" as a separate word would read as an option
        '--data',
        mkdtempSync(join(tmpdir(), 'djt-cli-')),
      ],
      { encoding: 'utf8', timeout: 20_000 },
    )
    expect(result.status).toBe(2)
    expect(result.stdout).not.toContain('HTTPS_PROXY')
    expect(result.stderr).toContain(
      `--max-devices-per-user "${limit}" is not a device count (a whole number from 1, or unlimited)`,
    )
  })

  it('reads maxDevicesPerUser from a tenant file: a whole number from 1 or "unlimited"', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'djt-tenant-')), 'tenant.json')
    const tenant = (maxDevicesPerUser: unknown) =>
      JSON.stringify({
        tenantId: '9d53c6fa-b38e-4509-8fb1-51dedb421aac',
        domain: 'fabrikam.com',
        displayName: 'Fabrikam',
        region: 'EU',
        users: [],
        maxDevicesPerUser,
      })
    writeFileSync(path, tenant('unlimited'))
    expect(readTenantFile(path).fixture.maxDevicesPerUser).toBe(Infinity)
    writeFileSync(path, tenant(5))
    expect(readTenantFile(path).fixture.maxDevicesPerUser).toBe(5)
    writeFileSync(path, tenant(0))
    expect(() => readTenantFile(path)).toThrow(/"maxDevicesPerUser"/)
  })
})
