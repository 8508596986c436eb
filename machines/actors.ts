import { fromPromise, type PromiseActorLogic } from 'xstate'
import type {
  ClientIdentity,
  DrsEndpoints,
  HelloKey,
  JoinResult,
  KeyMaterial,
  OpenIdConfiguration,
  PrimaryRefreshToken,
  PrtCredential,
  ServiceConnectionPoint,
  StsAnswer,
  SyncSummary,
  TenantIdentity,
  Tokens,
  UserRealm,
} from '../src/trace/ports.ts'

type Nothing = Record<string, never>

/**
 * The one contract for every actor the four machines invoke: what each takes and what it resolves
 * with. The machines' placeholders are built from it and the engine's implementations are typed by
 * it, so a missing or mistyped actor fails the type check instead of a run.
 */
export interface FlowActors {
  fetchOpenIdConfiguration: (input: { tenant: string }) => Promise<OpenIdConfiguration>
  discoverUserRealm: (input: { username: string }) => Promise<UserRealm>
  requestUserToken: (input: {
    tokenEndpoint: string
    username: string
    password: string
    openId?: OpenIdConfiguration
  }) => Promise<Tokens>
  fetchTermsOfUse: (input: { url: string }) => Promise<string>
  openStsSignIn: (input: { authUrl: string }) => Promise<string>
  postStsCredentials: (input: { action: string; username: string; password: string }) => Promise<StsAnswer>
  postSecondFactor: (input: { action: string; context: string; code: string }) => Promise<StsAnswer>
  redeemAssertion: (input: {
    tokenEndpoint: string
    assertion: string
    openId?: OpenIdConfiguration
  }) => Promise<Tokens>
  discoverDrs: (input: { domain: string }) => Promise<DrsEndpoints>
  createKeyMaterial: (input: Nothing) => Promise<KeyMaterial>
  joinDevice: (input: {
    /** Absent in hybrid federated: the task uses DRS's well-known join endpoint. */
    drs?: DrsEndpoints
    tokens: Tokens
    keys: KeyMaterial
    domain: string
    deviceName: string
    joinType: 0 | 6
  }) => Promise<JoinResult>
  completeRegistration: (input: {
    join: JoinResult
    keys: KeyMaterial
    tenant: TenantIdentity
    drs?: DrsEndpoints
  }) => Promise<void>
  startJoinTask: (input: Nothing) => Promise<void>
  readServiceConnectionPoint: (input: Nothing) => Promise<ServiceConnectionPoint>
  publishUserCertificate: (input: Nothing) => Promise<string>
  awaitSyncCycle: (input: Nothing) => Promise<SyncSummary>
  signClientIdentity: (input: Nothing) => Promise<ClientIdentity>
  confirmScpTenant: (input: { scp: ServiceConnectionPoint }) => Promise<DrsEndpoints>
  joinHybridDevice: (input: {
    drs: DrsEndpoints
    scp: ServiceConnectionPoint
    clientIdentity: ClientIdentity
    keys: KeyMaterial
    deviceName: string
  }) => Promise<JoinResult>
  waitForNextSignIn: (input: Nothing) => Promise<void>
  requestComputerAssertion: (input: { stsHost: string }) => Promise<string>
  requestEnterprisePrt: (input: { stsHost: string; keys: KeyMaterial }) => Promise<{ authority: string }>
  requestPrimaryRefreshToken: (input: {
    join: JoinResult
    keys: KeyMaterial
    credential: PrtCredential
  }) => Promise<PrimaryRefreshToken>
  registerHelloKey: (input: { drs?: DrsEndpoints; prt: PrimaryRefreshToken }) => Promise<HelloKey>
}

export type FlowActorName = keyof FlowActors

/** The XState logic for each contract entry: a promise actor with that input and output. */
export type FlowActorLogic = {
  [Name in FlowActorName]: PromiseActorLogic<
    Awaited<ReturnType<FlowActors[Name]>>,
    Parameters<FlowActors[Name]>[0]
  >
}

/** Wraps implementations of the contract as the actor logic `machine.provide({ actors })` takes. */
export function flowActorLogic<Names extends FlowActorName>(
  actors: Pick<FlowActors, Names>,
): Pick<FlowActorLogic, Names> {
  const entries = Object.entries(actors).map(([name, run]) => [
    name,
    fromPromise(({ input }: { input: unknown }) => (run as (input: unknown) => Promise<unknown>)(input)),
  ])
  return Object.fromEntries(entries) as Pick<FlowActorLogic, Names>
}

/** A placeholder actor: the engine must provide the real one, and forgetting to is loud. */
function notProvided(name: FlowActorName) {
  return async (): Promise<never> => {
    throw Object.assign(new Error(`The actor "${name}" was not provided to the machine.`), {
      code: 'NOT_PROVIDED',
    })
  }
}

/** Every contract entry as a placeholder; the machines are set up with these. */
export const PLACEHOLDER_ACTORS: FlowActors = {
  fetchOpenIdConfiguration: notProvided('fetchOpenIdConfiguration'),
  discoverUserRealm: notProvided('discoverUserRealm'),
  requestUserToken: notProvided('requestUserToken'),
  fetchTermsOfUse: notProvided('fetchTermsOfUse'),
  openStsSignIn: notProvided('openStsSignIn'),
  postStsCredentials: notProvided('postStsCredentials'),
  postSecondFactor: notProvided('postSecondFactor'),
  redeemAssertion: notProvided('redeemAssertion'),
  discoverDrs: notProvided('discoverDrs'),
  createKeyMaterial: notProvided('createKeyMaterial'),
  joinDevice: notProvided('joinDevice'),
  completeRegistration: notProvided('completeRegistration'),
  startJoinTask: notProvided('startJoinTask'),
  readServiceConnectionPoint: notProvided('readServiceConnectionPoint'),
  publishUserCertificate: notProvided('publishUserCertificate'),
  awaitSyncCycle: notProvided('awaitSyncCycle'),
  signClientIdentity: notProvided('signClientIdentity'),
  confirmScpTenant: notProvided('confirmScpTenant'),
  joinHybridDevice: notProvided('joinHybridDevice'),
  waitForNextSignIn: notProvided('waitForNextSignIn'),
  requestComputerAssertion: notProvided('requestComputerAssertion'),
  requestEnterprisePrt: notProvided('requestEnterprisePrt'),
  requestPrimaryRefreshToken: notProvided('requestPrimaryRefreshToken'),
  registerHelloKey: notProvided('registerHelloKey'),
}
