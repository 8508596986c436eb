import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
} from 'xstate'
import type { FlowActorName, FlowActors } from '../../machines/actors.ts'
import { JOIN_ERROR_CODES } from '../../src/trace/outcome.ts'

/**
 * A model-based walk over a flow machine's definition with XState's pure `transition()`: no actor
 * runs and no timer waits. In each resting state the walk tries every event the active states
 * handle: each invoked actor resolving (with every output shape a guard tells apart) or rejecting
 * (with every failure code, an error with no code, an empty message and a thrown non-Error), each
 * `after` deadline firing, and each user answer. A path ends at a final state, or where it comes
 * back to a configuration (state and context) it has already passed, since from there on it repeats.
 */

type Outputs = { [Name in FlowActorName]: Awaited<ReturnType<FlowActors[Name]>>[] }

const KEYS = {
  deviceKeyContainerId: 'device-key',
  transportKeyContainerId: 'transport-key',
  csrPem: '-----BEGIN CERTIFICATE REQUEST-----',
  csrBase64: 'MII',
  transportKey: 'UlNBMQ',
  keyProvider: 'Microsoft Platform Crypto Provider',
  tpmProtected: true,
}
const DRS = {
  joinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
  joinResourceId: 'urn:ms-drs:enterpriseregistration.windows.net',
  joinServiceVersion: '2.0',
  keyProvisionEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/key/',
  keyResourceId: 'urn:ms-drs:enterpriseregistration.windows.net',
  keyServiceVersion: '1.0',
  authority: 'https://login.microsoftonline.com/',
}
const DEVICE_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'
const tokens = (claims: Record<string, unknown>) => ({
  accessToken: 'eyJ.access',
  idToken: 'eyJ.id',
  idClaims: { tid: 'tenant-id', upn: 'adele@contoso.com', ...claims },
})

/** Every output shape a guard of the four machines distinguishes, typed by the actor contract. */
const OUTPUTS = {
  fetchOpenIdConfiguration: [
    {
      issuer: 'https://sts.windows.net/tenant-id/',
      authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/authorize',
      tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/token',
      jwksUri: 'https://login.microsoftonline.com/common/discovery/keys',
    },
  ],
  discoverUserRealm: [
    { kind: 'managed', domain: 'contoso.com' },
    { kind: 'federated', domain: 'contoso.com', authUrl: 'https://sts.contoso.com/adfs/ls/' },
  ],
  requestUserToken: [tokens({ mdm_tou_url: 'https://mdm/tou' }), tokens({})],
  redeemAssertion: [tokens({ mdm_tou_url: 'https://mdm/tou' }), tokens({})],
  fetchTermsOfUse: ['The terms.'],
  openStsSignIn: ['https://sts.contoso.com/adfs/ls/?client-request-id=1'],
  postStsCredentials: [
    { kind: 'assertion', assertion: '<saml:Assertion/>' },
    { kind: 'second-factor', action: 'https://sts.contoso.com/adfs/ls/', context: 'ctx' },
  ],
  postSecondFactor: [
    { kind: 'assertion', assertion: '<saml:Assertion/>' },
    { kind: 'second-factor', action: 'https://sts.contoso.com/adfs/ls/', context: 'ctx' },
  ],
  discoverDrs: [DRS],
  createKeyMaterial: [KEYS],
  joinDevice: [
    {
      deviceId: DEVICE_ID,
      certificatePem: '-----BEGIN CERTIFICATE-----',
      thumbprint: 'AB',
      localAdministrators: [],
    },
  ],
  joinHybridDevice: [
    {
      deviceId: DEVICE_ID,
      certificatePem: '-----BEGIN CERTIFICATE-----',
      thumbprint: 'AB',
      localAdministrators: [],
    },
  ],
  completeRegistration: [undefined],
  startJoinTask: [undefined],
  readServiceConnectionPoint: [{ tenantName: 'contoso.com', tenantId: 'tenant-id' }],
  confirmScpTenant: [DRS],
  publishUserCertificate: ['-----BEGIN CERTIFICATE-----'],
  awaitSyncCycle: [
    { skipped: true, exportedDevices: [], writtenBack: [] },
    {
      skipped: false,
      exportedDevices: [DEVICE_ID],
      writtenBack: [`CN=${DEVICE_ID},CN=RegisteredDevices,DC=corp`],
    },
    { skipped: false, exportedDevices: [DEVICE_ID], writtenBack: [] },
  ],
  signClientIdentity: [{ Type: 'sha256signed', Sid: 'S-1-5-21-1.2026-01-01 00:00:00Z', SignedBlob: 'c2ln' }],
  waitForNextSignIn: [undefined],
  requestComputerAssertion: ['<saml:Assertion/>'],
  requestEnterprisePrt: [{ authority: 'https://sts.contoso.com/adfs' }],
  requestPrimaryRefreshToken: [
    { refreshToken: '0.AX', expiresIn: 1_209_600, upn: 'adele@contoso.com', sessionKeyBits: 256 },
  ],
  registerHelloKey: [{ kid: 'k1', upn: 'adele@contoso.com', keyContainerId: 'c1' }],
} satisfies Outputs

/** What an actor can reject with: each failure code, and the shapes a careless actor might throw. */
const FAILURES: unknown[] = [
  ...JOIN_ERROR_CODES.map((code) => Object.assign(new Error(`The service failed with ${code}.`), { code })),
  new Error('Something broke without a code.'),
  Object.assign(new Error(''), { code: 'JOIN_REJECTED' }),
  'a thrown string',
]

/** One sample per user answer the machines accept. */
const ANSWERS: Record<string, EventObject[]> = {
  'username.submit': [{ type: 'username.submit', username: ' adele@contoso.com ' } as EventObject],
  'password.submit': [{ type: 'password.submit', password: 'Pa55w.rd' } as EventObject],
  'mfa.submit': [{ type: 'mfa.submit', code: '123456' } as EventObject],
  'tou.accept': [{ type: 'tou.accept' }],
  'tou.decline': [{ type: 'tou.decline' }],
  'signin.cancel': [{ type: 'signin.cancel' }],
}

const MAX_PATHS = 50_000
const TOO_MANY = `more than ${MAX_PATHS} paths: split the walk or merge equivalent outputs`

export interface Walk {
  /** Paths that reached a final state, by that state's name. */
  ended: Map<string, number>
  paths: number
  /** Paths cut where they returned to a configuration they had passed, after a user answer. */
  userLoops: number
  /** Every (state, event type) the machine handles, and those the walk fired. */
  handled: Set<string>
  fired: Set<string>
  /** What breaks "every path ends", in words. */
  problems: string[]
}

interface StateNodeLike {
  id: string
  type: string
  transitions: Map<string, unknown[]>
  invoke: { id: string; src: unknown }[]
}

const activeNodes = (snapshot: AnyMachineSnapshot) =>
  (snapshot as unknown as { _nodes: StateNodeLike[] })._nodes

/** The events the resting snapshot's active states handle, each with the samples to fire. */
function eventsFor(snapshot: AnyMachineSnapshot): { node: string; type: string; event: EventObject }[] {
  const events: { node: string; type: string; event: EventObject }[] = []
  for (const node of activeNodes(snapshot)) {
    const add = (type: string, event: EventObject) => events.push({ node: node.id, type, event })
    // Every invoked actor settles one way or the other, whether or not the state handles it.
    for (const { id, src } of node.invoke) {
      const done = `xstate.done.actor.${id}`
      for (const output of OUTPUTS[String(src) as FlowActorName] ?? [undefined])
        add(done, { type: done, output } as EventObject)
      const failed = `xstate.error.actor.${id}`
      for (const error of FAILURES) add(failed, { type: failed, error } as EventObject)
    }
    for (const type of node.transitions.keys()) {
      if (/^xstate\.(done|error)\.actor\.|^xstate\.done\.state\./.test(type)) continue
      if (ANSWERS[type]) for (const answer of ANSWERS[type]) add(type, answer)
      else add(type, { type })
    }
  }
  return events
}

const isAnswer = (event: EventObject) => event.type in ANSWERS
const keyOf = (snapshot: AnyMachineSnapshot) =>
  JSON.stringify([snapshot.value, snapshot.context], (_key, value) =>
    value instanceof Error ? value.message : value,
  )

/** Walks every path of `machine`, depth first. */
export function walkPaths(machine: AnyStateMachine, input: unknown): Walk {
  const walk: Walk = {
    ended: new Map(),
    paths: 0,
    userLoops: 0,
    handled: handledTransitions(machine),
    fired: new Set(),
    problems: [],
  }
  const [initial] = initialTransition(machine, input)
  const visit = (
    snapshot: AnyMachineSnapshot,
    path: { key: string; event?: EventObject; label: string }[],
  ) => {
    if (snapshot.status === 'done') return finish(walk, snapshot, path)
    // A bound on the walk itself, so a machine that grows past it fails fast instead of running long.
    if (walk.paths > MAX_PATHS) {
      if (!walk.problems.includes(TOO_MANY)) walk.problems.push(TOO_MANY)
      return
    }
    const events = eventsFor(snapshot)
    const here = path.at(-1)!.label
    if (!events.some((entry) => entry.type.startsWith('xstate.after.')))
      walk.problems.push(`${here} waits with no deadline (no "after")`)
    if (events.length === 0) walk.problems.push(`${here} handles no event: the run stops here`)
    for (const { node, type, event } of events) {
      const next: AnyMachineSnapshot = transition(machine, snapshot, event)[0]
      walk.fired.add(`${node} ${type}`)
      const key = keyOf(next)
      if (next.status === 'error') {
        walk.problems.push(`${here}: ${describe(event)} puts the machine in error instead of a final state`)
        continue
      }
      if (next === snapshot) {
        // A user answer a guard turns down leaves the prompt waiting; an actor's answer must move on.
        if (!isAnswer(event))
          walk.problems.push(`${here}: ${describe(event)} is not handled (the run would stop)`)
        continue
      }
      const label = `${JSON.stringify(next.value)} after ${describe(event)}`
      const seen = path.findIndex((step) => step.key === key)
      if (seen >= 0) {
        const loop = [...path.slice(seen + 1).map((step) => step.event!), event]
        if (loop.some(isAnswer)) walk.userLoops += 1
        else walk.problems.push(`${label} loops back with no user answer: nothing bounds it`)
        continue
      }
      visit(next, [...path, { key, event, label }])
    }
  }
  visit(initial, [{ key: keyOf(initial), label: JSON.stringify(initial.value) }])
  return walk
}

function finish(walk: Walk, snapshot: AnyMachineSnapshot, path: { label: string }[]): void {
  walk.paths += 1
  const name = String(snapshot.value)
  walk.ended.set(name, (walk.ended.get(name) ?? 0) + 1)
  const error = (snapshot.context as { error?: { code?: unknown; message?: unknown } }).error
  const where = path.at(-1)!.label
  if (name === 'registered') {
    if (error) walk.problems.push(`${where}: registered with an error recorded`)
    if (!(snapshot.context as { join?: unknown }).join)
      walk.problems.push(`${where}: registered with no join result`)
    return
  }
  if (!(JOIN_ERROR_CODES as readonly string[]).includes(name))
    walk.problems.push(`${where}: final state ${name} is neither registered nor a failure code`)
  if (error?.code !== name) walk.problems.push(`${where}: ends in ${name} with code ${String(error?.code)}`)
  if (!readable(error?.message))
    walk.problems.push(`${where}: ends in ${name} with message ${JSON.stringify(error?.message)}`)
}

function readable(message: unknown): boolean {
  return (
    typeof message === 'string' && /[a-z]{3,}/i.test(message) && !/\[object |undefined|null/.test(message)
  )
}

function describe(event: EventObject): string {
  const { error } = event as { error?: unknown }
  if (event.type.startsWith('xstate.error.actor.'))
    return `${event.type} (${(error as { code?: string })?.code ?? (error instanceof Error ? 'Error' : typeof error)})`
  return event.type
}

/** Every (state, event type) pair the machine's states handle, for the coverage check. */
function handledTransitions(machine: AnyStateMachine): Set<string> {
  const handled = new Set<string>()
  const visit = (node: StateNodeLike & { states: Record<string, StateNodeLike> }) => {
    for (const type of node.transitions.keys())
      if (!type.startsWith('xstate.done.state.')) handled.add(`${node.id} ${type}`)
    for (const child of Object.values(node.states)) visit(child as typeof node)
  }
  visit(machine.root as unknown as StateNodeLike & { states: Record<string, StateNodeLike> })
  return handled
}
