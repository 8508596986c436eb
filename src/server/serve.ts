import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { faultListing, parseFaults } from '../../mocks/faults/catalogue.ts'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { DEFAULT_SESSION_TRACE_MAX_BYTES } from '../trace/session-records.ts'
import { parseUserOption, readTenantFile } from './tenant-file.ts'

const USAGE = `usage: npm run serve -- [--port 8888] [--host 127.0.0.1] [--tenant tenant.json] [--user upn=password]… [--trace session.json] [--trace-max-mb 64] [--max-devices-per-user 50|unlimited] [--data dir] [--approve-device-codes] [--fault name]…`
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8888' },
      host: { type: 'string', default: '127.0.0.1' },
      tenant: { type: 'string' },
      user: { type: 'string', multiple: true },
      trace: { type: 'string' },
      'trace-max-mb': { type: 'string', default: String(DEFAULT_SESSION_TRACE_MAX_BYTES / MIB) },
      'max-devices-per-user': { type: 'string' },
      data: { type: 'string', default: join(homedir(), '.device-join-tracer') },
      'approve-device-codes': { type: 'boolean', default: false },
      fault: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return void console.log(USAGE)
  const port = parsePort(values.port)
  const traceMaxBytes = parseMegabytes(values['trace-max-mb'])
  const deviceLimit = parseDeviceLimit(values['max-devices-per-user'])
  const faults = parseFaults(values.fault ?? [])
  if (!faults.ok)
    throw new UsageError(
      `${faults.reasons.map((reason) => `--fault ${reason}`).join('\n')}\n${faultListing()}\n${USAGE}`,
    )
  const { fixture, computerCertificates } = values.tenant
    ? readTenantFile(values.tenant)
    : { fixture: contosoManaged(), computerCertificates: [] }
  fixture.users.push(...(values.user ?? []).map(parseUserOption))
  if (deviceLimit !== undefined) fixture.maxDevicesPerUser = deviceLimit
  if (!LOOPBACK.test(values.host))
    console.error(
      `warning: listening on ${values.host}, not loopback: anyone who can reach it can use this emulated tenant.`,
    )
  // The server (MSW, the emulated services, TLS) loads only once the options are known good, so a
  // mistyped option is refused at once, even on a busy machine.
  const { startServer } = await import('./proxy.ts')
  const server = await startServer({
    port,
    host: values.host,
    dataDir: values.data,
    fixture,
    computerCertificates,
    tracePath: values.trace,
    traceMaxBytes,
    approveDeviceCodesAs: values['approve-device-codes'] ? fixture.users[0]?.upn : undefined,
    faults: faults.faults.map((fault) => ({ fault })),
  })
  // Before the first line is printed: whoever reads "Ctrl-C stops" may press it at once, and a
  // signal that arrives before its handler would kill the process without closing the trace.
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  console.log(
    `HTTPS_PROXY=http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${server.port}`,
  )
  console.log(`SSL_CERT_FILE=${server.caPath}`)
  for (const user of fixture.users) console.log(`user ${user.upn} password ${user.password}`)
  if (values['approve-device-codes'] && fixture.users[0])
    console.log(`device codes are approved at once as ${fixture.users[0].upn}`)
  for (const { name } of faults.faults) console.log(`fault armed: ${name}`)
  if (deviceLimit !== undefined)
    console.log(`devices per user: ${deviceLimit === Infinity ? 'unlimited' : `at most ${deviceLimit}`}`)
  console.log(
    `tenant ${fixture.domain} ${fixture.tenantId}; live trace at http://127.0.0.1:${server.port}/__tracer/events; Ctrl-C stops`,
  )
}

/** A command line this program cannot act on: exit code 2, as for `npm run flow`. */
class UsageError extends Error {}

// Decimal digits only: Number() would read "" and " " as 0 (a random port), "1e3" as 1000, "0x50" as 80.
function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN
  if (!(port <= 65535))
    throw new UsageError(`--port "${text}" is not a port number (0 to 65535; 0 picks a free port)\n${USAGE}`)
  return port
}

const MIB = 1024 * 1024

function parseMegabytes(text: string): number {
  const megabytes = /^\d{1,6}$/.test(text) ? Number(text) : 0
  if (megabytes < 1)
    throw new UsageError(
      `--trace-max-mb "${text}" is not a size in MiB (a whole number, 1 or more)\n${USAGE}`,
    )
  return megabytes * MIB
}

/**
 * `--max-devices-per-user`: the tenant's "Maximum number of devices per user", a whole number from 1 or
 * `unlimited` (Entra offers Unlimited; a load test joins thousands of devices as one user).
 */
function parseDeviceLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (text === 'unlimited') return Infinity
  const limit = /^\d{1,9}$/.test(text) ? Number(text) : 0
  if (limit < 1)
    throw new UsageError(
      `--max-devices-per-user "${text}" is not a device count (a whole number from 1, or unlimited)\n${USAGE}`,
    )
  return limit
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(error instanceof UsageError ? 2 : 1)
})
