import type { DeviceStore } from '../device/device-store.ts'
import type { KeyProvider } from '../device/keys/key-provider.ts'
import type { DirectoryClient } from '../trace/ldap.ts'
import type { SyncService } from '../trace/ports.ts'
import type { RunClock } from './run-clock.ts'
import type { ServiceLatency } from './service-latency.ts'

/** Everything a run touches outside itself; the composition root (page, CLI, test) builds it. */
export interface RunDeps {
  /** The recorder wraps it, so each exchange lands in the trace. */
  fetch: typeof fetch
  /** The run's one clock: the machine's timers, the trace's times; the emulated services read it too. */
  clock: RunClock
  /** WebCrypto with non-extractable keys (TPM-style), or node-forge (software). */
  keys: KeyProvider
  /** What `dsregcmd /status` reports after the join. */
  store: DeviceStore
  /** The emulated tenant's MS-Organization-Access CA (PEM), recorded so the certificate can be verified offline. */
  caCertificate?: () => Promise<string>
  /** On-premises AD as the computer account sees it (hybrid flows); the engine records each operation. */
  directory?: DirectoryClient
  /** Azure AD Connect's scheduler, for flows that wait on a sync cycle. */
  aadConnect?: SyncService
  /**
   * How long each service takes to answer, let pass on `clock` during every exchange: for runs on
   * a simulated clock (src/engine/service-latency.ts). Runs on real time leave it out: their
   * exchanges take the time they really take.
   */
  latency?: ServiceLatency
}
