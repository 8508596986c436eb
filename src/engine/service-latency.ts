import type { DirectoryClient } from '../trace/ldap.ts'
import { laneForUrl, type Lane } from '../trace/lanes.ts'
import type { RunClock } from './run-clock.ts'

/**
 * How long each emulated service takes to answer, in milliseconds, in runs on a simulated clock
 * (headless runs, tests, recordings): that much passes on the run's clock during each request, so
 * a recorded story shows plausible times. Runs on real time (the page, server mode) record what
 * really passes and use none of this. Every figure is our choice, not a measurement: a typical
 * order of magnitude for where the service sits and what it does per request.
 * A fault can add to a service's figure by importing this table by name.
 */
export const SERVICE_LATENCY_MS: Readonly<Record<Lane, number>> = {
  /** Never answers anything; here so every lane has a figure. */
  device: 0,
  /** Chosen: one round trip to login.microsoftonline.com over the internet plus checking a password or token and signing one. */
  'azure-ad': 180,
  /** Chosen: DRS's slowest answer, a join (check the token, create the device object, issue a certificate); one figure for all its requests, discovery included. */
  drs: 420,
  /** Chosen: AD FS on the company network (or behind a Web Application Proxy), checking the account against AD. */
  adfs: 90,
  /** Chosen: one LDAP operation against a domain controller on the same network. */
  'onprem-ad': 6,
  /** Chosen: one run profile step of a delta sync cycle (import, export or write-back) on a small directory. */
  'aad-connect': 2500,
  /** Chosen: the MDM's terms of use page, a round trip over the internet. */
  mdm: 200,
}

/**
 * The time one exchange takes at its service: by default the service's figure. Hosts may pass
 * another (a latency fault adds to it for one service or one request).
 */
export type ServiceLatency = (to: Lane, request: { method: string; url: string }) => number

export const fixedServiceLatency: ServiceLatency = (to) => SERVICE_LATENCY_MS[to]

/** Lets the service's time pass on the run's clock before the answer comes back. */
export function fetchWithLatency(
  inner: typeof fetch,
  clock: RunClock,
  latency: ServiceLatency,
): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init)
    clock.advance(latency(laneForUrl(request.url), request))
    return inner(request)
  }
}

/** The same for on-premises AD: each LDAP operation takes the directory's time. */
export function directoryWithLatency(
  inner: DirectoryClient,
  clock: RunClock,
  latency: ServiceLatency,
): DirectoryClient {
  const pass = (method: string) =>
    clock.advance(latency('onprem-ad', { method, url: `ldap://${inner.dcHost}/` }))
  return {
    dcHost: inner.dcHost,
    search: async (request) => {
      pass('search')
      return inner.search(request)
    },
    modify: async (dn, changes) => {
      pass('modify')
      return inner.modify(dn, changes)
    },
  }
}
