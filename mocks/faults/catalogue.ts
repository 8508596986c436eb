import {
  classifyRequest,
  type RequestKind,
  type RequestToClassify,
} from '../../src/trace/classify-request.ts'
import type { ScenarioId } from '../../src/trace/phases.ts'
import type { WireShape } from '../protocol-error.ts'

/**
 * The fault catalogue: every fault a trainer, a test or a story can arm, by name. A name is
 * `<exchange>:<effect>`, for example `drs.join:503`, `drs.join:quota`, `aad.token:skew=+120m`,
 * `adfs.token:drop` or `drs.discovery:latency=8s`. Exchanges are named `<service>.<what>` after the
 * request classifier's kinds (src/trace/classify-request.ts), the one place requests get a name.
 */

/** A service whose clock a skew can move (the same names as `serviceNow` in mocks/tenant.ts). */
export type ServiceClock = 'azure-ad' | 'adfs' | 'drs'

interface ExchangeSpec {
  title: string
  /** The classifier's kinds this exchange stands for. */
  kinds: readonly RequestKind[]
  /** How the service words an error: one of the wire shapes, or a web page (sign-in, terms). */
  shape: WireShape | 'page'
  /** Set where the service issues or checks a token: a skew of its clock then matters. */
  clock?: ServiceClock
  /** The device quota is counted where a user joins a device: the cloud join. */
  quota?: readonly ScenarioId[]
}

export const EXCHANGES = {
  'aad.openid': { title: 'OpenID configuration', kinds: ['openid-configuration'], shape: 'azure-ad' },
  'aad.keys': { title: 'Token-signing keys', kinds: ['signing-keys'], shape: 'azure-ad' },
  'aad.realm': { title: 'User realm discovery', kinds: ['user-realm'], shape: 'azure-ad' },
  'aad.token': { title: 'Token request', kinds: ['token'], shape: 'azure-ad', clock: 'azure-ad' },
  'aad.saml-grant': {
    title: 'AD FS token redeemed at Azure AD',
    kinds: ['saml-grant'],
    shape: 'azure-ad',
    clock: 'azure-ad',
  },
  'mdm.terms': { title: 'MDM terms of use', kinds: ['terms-of-use'], shape: 'page' },
  'adfs.sign-in': { title: 'Sign-in at AD FS', kinds: ['adfs-sign-in'], shape: 'page', clock: 'adfs' },
  'adfs.wstrust': {
    title: 'WS-Trust token request at AD FS',
    kinds: ['adfs-ws-trust'],
    shape: 'ws-trust',
    clock: 'adfs',
  },
  // No clock: nobody checks the enterprise PRT's times during the join.
  'adfs.token': { title: 'Enterprise PRT from AD FS', kinds: ['adfs-token'], shape: 'adfs' },
  'drs.discovery': { title: 'DRS discovery', kinds: ['drs-discovery'], shape: 'drs' },
  'drs.join': {
    title: 'Device registration',
    kinds: ['device-join'],
    shape: 'drs',
    clock: 'drs',
    quota: ['aadj-managed', 'aadj-federated'],
  },
  'drs.hybrid-join': {
    title: 'Hybrid device registration',
    kinds: ['hybrid-join'],
    shape: 'drs',
    clock: 'drs',
  },
} as const satisfies Record<string, ExchangeSpec>

export type ExchangeName = keyof typeof EXCHANGES

export const EXCHANGE_NAMES = Object.keys(EXCHANGES) as ExchangeName[]

/** What a fault does to the exchange it is armed for. */
type Effect =
  | { kind: 'status'; status: 500 | 503 }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  | { kind: 'drop' }
  | { kind: 'latency'; ms: number }
  | { kind: 'skew'; minutes: number }
  | { kind: 'quota' }

export interface Fault {
  /** The name as written back canonically: `drs.discovery:latency=8s`. */
  name: string
  exchange: ExchangeName
  effect: Effect
}

/** Every effect a name may carry, with a placeholder where it takes a value. */
const EFFECT_TEMPLATES = {
  status: ['500', '503'],
  malformed: ['malformed'],
  truncated: ['truncated'],
  drop: ['drop'],
  latency: ['latency=<duration>'],
  skew: ['skew=<offset>'],
  quota: ['quota'],
} as const satisfies Record<Effect['kind'], readonly string[]>

/** The effects an exchange takes: all but skew (only where a clock matters) and quota (the cloud join). */
function effectKinds(spec: ExchangeSpec): Array<Effect['kind']> {
  const kinds: Array<Effect['kind']> = ['status', 'malformed', 'truncated', 'drop', 'latency']
  if (spec.clock) kinds.push('skew')
  if (spec.quota) kinds.push('quota')
  return kinds
}

/** Every name the catalogue knows, with `<duration>` and `<offset>` where a value goes. */
export function faultTemplates(): string[] {
  return EXCHANGE_NAMES.flatMap((exchange) =>
    effectKinds(EXCHANGES[exchange]).flatMap((kind) =>
      EFFECT_TEMPLATES[kind].map((effect) => `${exchange}:${effect}`),
    ),
  )
}

/** The catalogue as a person reads it: one line per exchange with its effects, then the value forms. */
export function faultListing(): string {
  const lines = EXCHANGE_NAMES.map((exchange) => {
    const effects = effectKinds(EXCHANGES[exchange]).flatMap((kind) => EFFECT_TEMPLATES[kind])
    return `  ${exchange.padEnd(16)} ${effects.join(' ')}`
  })
  return [
    'Faults are <exchange>:<effect>, for example drs.join:503 or drs.discovery:latency=8s:',
    ...lines,
    '<duration>: a whole number with ms, s or m, at most 10m. <offset>: + or - a whole number with m or h, at most 24h.',
  ].join('\n')
}

/** Latency is bounded: past any deadline of the device, short of a run nobody would wait for. */
const MAX_LATENCY_MS = 10 * 60_000
const MAX_SKEW_MINUTES = 24 * 60
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const

export type FaultParse = { ok: true; fault: Fault } | { ok: false; reason: string }

/** Reads one fault name; a refusal says what is wrong with it. */
export function parseFault(text: string): FaultParse {
  const match = /^([a-z]+\.[a-z-]+):(.+)$/.exec(text.trim())
  if (!match) return refuse(`"${text}" is not <exchange>:<effect>`)
  const [, exchangeText, effectText] = match as unknown as [string, string, string]
  if (!(exchangeText in EXCHANGES)) return refuse(`"${exchangeText}" is not an exchange`)
  const exchange = exchangeText as ExchangeName
  const effect = parseEffect(effectText)
  if (typeof effect === 'string') return refuse(`"${text}": ${effect}`)
  if (!effectKinds(EXCHANGES[exchange]).includes(effect.kind))
    return refuse(`"${text}": ${exchange} takes no ${effect.kind} fault`)
  return { ok: true, fault: { name: `${exchange}:${formatEffect(effect)}`, exchange, effect } }
}

function refuse(reason: string): FaultParse {
  return { ok: false, reason }
}

function parseEffect(text: string): Effect | string {
  if (text === '500' || text === '503') return { kind: 'status', status: Number(text) as 500 | 503 }
  if (text === 'malformed' || text === 'truncated' || text === 'drop' || text === 'quota')
    return { kind: text }
  const latency = /^latency=(\d{1,7})(ms|s|m)$/.exec(text)
  if (latency) {
    const ms = Number(latency[1]) * UNIT_MS[latency[2] as keyof typeof UNIT_MS]
    if (ms <= 0 || ms > MAX_LATENCY_MS) return 'a latency is more than 0 and at most 10m'
    return { kind: 'latency', ms }
  }
  const skew = /^skew=([+-])(\d{1,5})(m|h)$/.exec(text)
  if (skew) {
    const minutes = Number(skew[2]) * (skew[3] === 'h' ? 60 : 1) * (skew[1] === '-' ? -1 : 1)
    if (minutes === 0 || Math.abs(minutes) > MAX_SKEW_MINUTES)
      return 'a skew is not 0 and at most 24h either way'
    return { kind: 'skew', minutes }
  }
  return `"${text}" is not an effect (500, 503, malformed, truncated, drop, latency=<duration>, skew=<offset>, quota)`
}

function formatEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'status':
      return String(effect.status)
    case 'latency':
      return `latency=${effect.ms % 60_000 === 0 ? `${effect.ms / 60_000}m` : effect.ms % 1000 === 0 ? `${effect.ms / 1000}s` : `${effect.ms}ms`}`
    case 'skew':
      return `skew=${effect.minutes < 0 ? '-' : '+'}${Math.abs(effect.minutes)}m`
    default:
      return effect.kind
  }
}

/** Reads every name, or refuses with the reasons of those it cannot read. */
export function parseFaults(
  names: readonly string[],
): { ok: true; faults: Fault[] } | { ok: false; reasons: string[] } {
  const parsed = names.map(parseFault)
  const reasons = parsed.flatMap((result) => (result.ok ? [] : [result.reason]))
  if (reasons.length > 0) return { ok: false, reasons }
  return { ok: true, faults: parsed.flatMap((result) => (result.ok ? [result.fault] : [])) }
}

/** The exchange a request is, if the catalogue names it. */
export function exchangeOf(request: RequestToClassify): ExchangeName | undefined {
  const { kind } = classifyRequest(request)
  return EXCHANGE_NAMES.find((name) => (EXCHANGES[name].kinds as readonly RequestKind[]).includes(kind))
}

/** The service's clock a skew of this exchange moves, if any. */
export function clockOf(exchange: ExchangeName): ServiceClock | undefined {
  return (EXCHANGES[exchange] as ExchangeSpec).clock
}

export function shapeOf(exchange: ExchangeName): WireShape | 'page' {
  return EXCHANGES[exchange].shape
}

/**
 * The faults worth offering at one exchange of a flow, each a ready name: latency that stays
 * within the device's patience and one that outlasts it, the error statuses, a body that will not
 * parse, a cut-off body, a dropped connection, a clock two hours off either way, the device quota.
 */
export function faultsFor(exchange: ExchangeName, scenario: ScenarioId): Fault[] {
  const spec: ExchangeSpec = EXCHANGES[exchange]
  const effects = ['503', '500', 'drop', 'malformed', 'truncated', 'latency=8s', 'latency=45s']
  if (spec.clock) effects.push('skew=+120m', 'skew=-120m')
  if (spec.quota?.includes(scenario)) effects.push('quota')
  return effects.flatMap((effect) => {
    const parsed = parseFault(`${exchange}:${effect}`)
    return parsed.ok ? [parsed.fault] : []
  })
}
