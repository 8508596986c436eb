import type { Lane } from '../src/trace/lanes.ts'
import type { PhaseLetter, ScenarioId } from '../src/trace/phases.ts'

export interface Scenario {
  id: ScenarioId
  title: string
  summary: string
  /** The lanes the sequence view draws for this flow, in order. */
  lanes: Lane[]
  /** The seed's phase letters for this flow, in order. */
  phases: PhaseLetter[]
  /** A word or two per phase, for the timeline under each letter. */
  phaseTitles: Partial<Record<PhaseLetter, string>>
  /** The seed figure's arrow for each phase: who talks to whom, and what travels. */
  stage: Partial<Record<PhaseLetter, StageArrow>>
  /** Set on a cloud flow's variant that goes on after the join (first sign-in's PRT, Windows Hello key). */
  afterJoin?: true
}

/**
 * One lettered arrow of the seed's figure. `from === to` is work the device does on its own (a
 * loop); the stage view lays the actors out and draws these, nothing is placed by hand.
 */
export interface StageArrow {
  from: Lane
  to: Lane
  payload: string
}

const KEYS: StageArrow = { from: 'device', to: 'device', payload: 'device key, CSR, transport key' }

/**
 * The scenario registry: one entry per flow of the seed. Data only: each flow's machine is in
 * machines/flows.ts, so the page's first screen (picker, stage, timeline) reads this without XState.
 */
export const SCENARIOS: Scenario[] = [
  {
    id: 'aadj-managed',
    title: 'Azure AD joined, managed domain',
    summary:
      'A new device signs in to Azure AD with a password and registers with the Azure Device Registration Service.',
    lanes: ['device', 'azure-ad', 'mdm', 'drs'],
    phases: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
    phaseTitles: {
      A: 'Discover',
      B: 'User name',
      C: 'Sign in',
      D: 'Terms',
      E: 'DRS discovery',
      F: 'Keys',
      G: 'Register',
      H: 'Complete',
    },
    stage: {
      A: { from: 'device', to: 'azure-ad', payload: 'OpenID configuration' },
      B: { from: 'device', to: 'device', payload: 'user name' },
      C: { from: 'device', to: 'azure-ad', payload: 'user realm, password → ID token' },
      D: { from: 'device', to: 'mdm', payload: 'terms of use' },
      E: { from: 'device', to: 'drs', payload: 'DRS discovery' },
      F: KEYS,
      G: { from: 'device', to: 'drs', payload: 'ID token, CSR, tkpub' },
      H: { from: 'drs', to: 'device', payload: 'device ID, certificate' },
    },
  },
  {
    id: 'aadj-federated',
    title: 'Azure AD joined, federated domain',
    summary:
      "A new device signs in through the organisation's AD FS, whose token Azure AD accepts, then registers with DRS.",
    lanes: ['device', 'azure-ad', 'adfs', 'mdm', 'drs'],
    phases: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'],
    phaseTitles: {
      A: 'Discover',
      B: 'User name',
      C: 'To the STS',
      D: 'STS sign-in',
      E: 'Terms',
      F: 'DRS discovery',
      G: 'Keys',
      H: 'Register',
      I: 'Complete',
    },
    stage: {
      A: { from: 'device', to: 'azure-ad', payload: 'OpenID configuration' },
      B: { from: 'device', to: 'device', payload: 'user name' },
      C: { from: 'device', to: 'adfs', payload: 'user realm → STS sign-in page' },
      D: { from: 'device', to: 'azure-ad', payload: 'credentials at the STS; its token → ID token' },
      E: { from: 'device', to: 'mdm', payload: 'terms of use' },
      F: { from: 'device', to: 'drs', payload: 'DRS discovery' },
      G: KEYS,
      H: { from: 'device', to: 'drs', payload: 'ID token, CSR, tkpub' },
      I: { from: 'drs', to: 'device', payload: 'device ID, certificate' },
    },
  },
  {
    id: 'haadj-managed',
    title: 'Hybrid Azure AD joined, managed domain',
    summary:
      'A domain-joined computer publishes its own certificate in AD; Azure AD Connect syncs it, and the computer registers with it.',
    lanes: ['device', 'onprem-ad', 'aad-connect', 'azure-ad', 'drs'],
    phases: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
    phaseTitles: {
      A: 'Sign-in',
      B: 'SCP',
      C: 'Self-signed cert',
      D: 'Sync',
      E: 'Prove identity',
      F: 'Keys',
      G: 'Register',
      H: 'Complete',
    },
    stage: {
      A: { from: 'device', to: 'device', payload: 'sign-in starts the join task' },
      B: { from: 'device', to: 'onprem-ad', payload: 'SCP keywords (LDAP)' },
      C: { from: 'device', to: 'onprem-ad', payload: 'self-signed userCertificate' },
      D: { from: 'aad-connect', to: 'azure-ad', payload: 'userCertificate, objectGUID, SID' },
      E: { from: 'device', to: 'azure-ad', payload: 'certificate key proof → ID token' },
      F: KEYS,
      G: { from: 'device', to: 'drs', payload: 'ID token, CSR, tkpub' },
      H: { from: 'drs', to: 'device', payload: 'device ID, certificate' },
    },
  },
  {
    id: 'haadj-federated',
    title: 'Hybrid Azure AD joined, federated domain',
    summary:
      'A domain-joined computer authenticates through AD FS, registers with DRS, and Azure AD Connect writes the device back to AD.',
    lanes: ['device', 'onprem-ad', 'adfs', 'azure-ad', 'drs', 'aad-connect'],
    phases: ['A', 'B', 'C', 'D', 'E', 'F', 'G'],
    phaseTitles: {
      A: 'Sign-in',
      B: 'SCP',
      C: 'AD FS token',
      D: 'Keys',
      E: 'Enterprise PRT',
      F: 'Register',
      G: 'Write-back',
    },
    stage: {
      A: { from: 'device', to: 'device', payload: 'sign-in starts the join task' },
      B: { from: 'device', to: 'onprem-ad', payload: 'SCP keywords (LDAP)' },
      C: { from: 'device', to: 'adfs', payload: 'Windows auth → computer token' },
      D: KEYS,
      E: { from: 'device', to: 'adfs', payload: 'enterprise PRT' },
      F: { from: 'device', to: 'drs', payload: 'ID token, CSR → certificate' },
      G: { from: 'aad-connect', to: 'onprem-ad', payload: 'device write-back' },
    },
  },
]

const PRT_ARROW: StageArrow = {
  from: 'device',
  to: 'azure-ad',
  payload: 'nonce; request signed by dkpriv → PRT, session key',
}
const HELLO_ARROW: StageArrow = {
  from: 'device',
  to: 'drs',
  payload: 'PRT → DRS token; NGC public key → key ID',
}

/** A cloud flow going on after the join: two more phases, lettered after its last one. */
function withAfterJoin(id: ScenarioId, [prt, hello]: [PhaseLetter, PhaseLetter]): Scenario {
  const base = SCENARIOS.find((scenario) => scenario.id === id)!
  return {
    ...base,
    phases: [...base.phases, prt, hello],
    phaseTitles: { ...base.phaseTitles, [prt]: 'First sign-in', [hello]: 'Hello key' },
    stage: { ...base.stage, [prt]: PRT_ARROW, [hello]: HELLO_ARROW },
    afterJoin: true,
  }
}

/** The flows that can go on after the join: the cloud joins, whose user signs in on the new device. */
export const AFTER_JOIN_SCENARIOS: Scenario[] = [
  withAfterJoin('aadj-managed', ['I', 'J']),
  withAfterJoin('aadj-federated', ['J', 'K']),
]

/** A flow by ID; with `afterJoin`, its variant with the phases after the join (none for hybrid flows). */
export function findScenario(id: string, afterJoin = false): Scenario | undefined {
  return (afterJoin ? AFTER_JOIN_SCENARIOS : SCENARIOS).find((scenario) => scenario.id === id)
}
