import {
  negotiateHeader,
  processComputerAssertion,
  processEnterprisePrt,
  requestComputerAssertion,
  requestEnterprisePrt,
} from '../device/computer-auth.ts'
import { requestDrsDiscovery } from '../device/drs-discovery.ts'
import { processJoinResponse } from '../device/join.ts'
import { JoinError } from '../device/errors.ts'
import {
  publishUserCertificate,
  readServiceConnectionPoint,
  requestHybridJoin,
  signClientIdentity,
} from '../device/hybrid-join.ts'
import type { DeviceStore } from '../device/device-store.ts'
import { processScpTenantDiscovery } from '../device/scp-tenant.ts'
import type { DirectoryClient } from '../trace/ldap.ts'
import type { ComputerIdentity } from '../trace/ports.ts'
import type { FlowActors } from '../../machines/actors.ts'
import type { AfterJoinActorName } from './after-join-actors.ts'
import type { CloudActorName } from './device-actors.ts'
import type { RunDeps } from './deps.ts'
import { recordSyncCycle } from './on-premises-recorder.ts'
import type { ExchangeRecord } from './trace-recorder.ts'

const NEXT_SIGN_IN_MS = 60 * 60_000 // the task also runs hourly, so the next try is at most an hour away

/** Files one step of a sync cycle (the run decides how long it takes). */
type FileSyncStep = (exchange: ExchangeRecord) => void

/** Actors for the hybrid flows: the Automatic-Device-Join task, on-premises AD and Azure AD Connect. */
export function hybridActors(
  deps: RunDeps,
  directory: DirectoryClient | undefined,
  fileSyncStep: FileSyncStep,
): Omit<FlowActors, CloudActorName | AfterJoinActorName> {
  const { store, clock, keys } = deps
  const need = () => ({ directory: requireDirectory(directory), computer: requireComputer(store) })
  return {
    startJoinTask: async () => void need(),
    readServiceConnectionPoint: async () => {
      const { directory: client, computer } = need()
      return readServiceConnectionPoint(client, domainDnOf(computer))
    },
    publishUserCertificate: async () => {
      const { directory: client, computer } = need()
      const existing = await alreadyPublished(client, computer, store)
      if (existing) return existing
      const key = await keys.createKeyPair('device')
      store.keys.set(key.containerId, key)
      store.userCertificateContainerId = key.containerId
      return publishUserCertificate(client, computer, key, clock.now())
    },
    awaitSyncCycle: async () => {
      const { computer } = need()
      if (!deps.aadConnect)
        throw new JoinError('NOT_PROVIDED', 'This run has no Azure AD Connect to wait for.')
      clock.advance(deps.aadConnect.nextCycleAt(clock.now()) - clock.now())
      const report = recordSyncCycle(
        deps.aadConnect,
        directory?.dcHost ?? '',
        domainDnOf(computer),
        fileSyncStep,
      )
      return {
        skipped: Boolean(report.skipped),
        exportedDevices: report.exported.map((entry) => entry.deviceId),
        writtenBack: report.writtenBack,
      }
    },
    signClientIdentity: async () => {
      const key = store.keys.get(store.userCertificateContainerId ?? '')
      if (!key)
        throw new JoinError(
          'KEY_GENERATION_FAILED',
          'The key behind the userCertificate is not on this device.',
        )
      return signClientIdentity(need().computer, key, clock.now())
    },
    confirmScpTenant: async (input) =>
      processScpTenantDiscovery(await requestDrsDiscovery(deps.fetch, input.scp.tenantName), input.scp),
    joinHybridDevice: async (input) =>
      processJoinResponse(
        await requestHybridJoin(deps.fetch, {
          drs: input.drs,
          computer: need().computer,
          deviceName: input.deviceName,
          scp: input.scp,
          clientIdentity: input.clientIdentity,
          csrBase64: input.keys.csrBase64,
          transportKey: input.keys.transportKey,
        }),
      ),
    waitForNextSignIn: async () => clock.advance(NEXT_SIGN_IN_MS),
    requestComputerAssertion: async (input) =>
      processComputerAssertion(
        await requestComputerAssertion(
          deps.fetch,
          input.stsHost,
          negotiateHeader(need().computer, store.deviceName, input.stsHost),
        ),
      ),
    requestEnterprisePrt: async (input) => {
      const deviceKey = store.keys.get(input.keys.deviceKeyContainerId)
      if (!deviceKey) throw new JoinError('KEY_GENERATION_FAILED', 'The device key is not on this device.')
      const response = await requestEnterprisePrt(
        deps.fetch,
        input.stsHost,
        negotiateHeader(need().computer, store.deviceName, input.stsHost),
        deviceKey,
        clock.now(),
      )
      const prt = await processEnterprisePrt(response, input.stsHost)
      store.enterprisePrt = prt
      return prt
    },
  }
}

// On a later sign-in the certificate is already on the computer object: read it back, don't rewrite it.
async function alreadyPublished(
  directory: DirectoryClient,
  computer: ComputerIdentity,
  store: DeviceStore,
): Promise<string | undefined> {
  if (!store.userCertificateContainerId) return undefined
  const [entry] = await directory.search({
    base: computer.dn,
    scope: 'base',
    filter: '(objectClass=computer)',
    attributes: ['userCertificate'],
  })
  const value = entry?.attributes.userCertificate?.[0]
  return value
    ? `-----BEGIN CERTIFICATE-----\n${value.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`
    : undefined
}

function domainDnOf(computer: ComputerIdentity): string {
  return computer.dnsDomain
    .split('.')
    .map((part) => `DC=${part}`)
    .join(',')
}

function requireDirectory(directory: DirectoryClient | undefined): DirectoryClient {
  if (!directory)
    throw new JoinError('NOT_PROVIDED', 'This run has no on-premises directory: the hybrid flows need one.')
  return directory
}

function requireComputer(store: DeviceStore): ComputerIdentity {
  if (!store.computer)
    throw new JoinError(
      'NOT_PROVIDED',
      'This device is not joined to a domain: the hybrid flows need a domain-joined computer.',
    )
  return store.computer
}
