import { findStory } from '../../stories/catalogue.ts'
import { normaliseHresult, windowsCode, type DsregPhase, type WindowsCode } from '../windows-codes.ts'
import { fieldValue, hasSection, type DsregReport } from './parse.ts'

type JoinState =
  | 'Azure AD joined'
  | 'Hybrid Azure AD joined'
  | 'Domain joined only'
  | 'Azure AD registered'
  | 'On-premises DRS joined'
  | 'Not joined'

/** What a device's dsregcmd /status says: where its registration got to, and why it stopped. */
export interface DeviceAnalysis {
  joinState: JoinState
  /** The flow in this tool's terms, in words ("Hybrid join, federated"), or why none fits. */
  flow: string
  phaseReached: string
  failure?: {
    errorPhase?: DsregPhase | string
    failedTest?: string
    client?: WindowsCode
    clientCode?: string
    innerCode?: string
    serverErrorCode?: string
    serverMessage?: string
    httpStatus?: string
    requestId?: string
    meaning: string
    check: string[]
  }
  /** Other things worth a look: device deleted or disabled, keys in recovery, no PRT, dual state. */
  findings: string[]
  /** The story that replays the same failure in this tool, if one does. */
  story?: { id: string; title: string }
}

const yes = (value: string | undefined) => value?.trim().toUpperCase() === 'YES'

export function analyseDsregStatus(report: DsregReport): DeviceAnalysis {
  const get = (name: string) => fieldValue(report, name)
  const aad = yes(get('AzureAdJoined'))
  const enterprise = yes(get('EnterpriseJoined'))
  const domain = yes(get('DomainJoined'))
  const workplace = yes(get('WorkplaceJoined')) || Number(get('WorkAccountCount') ?? 0) > 0
  const joinState: JoinState =
    aad && domain
      ? 'Hybrid Azure AD joined'
      : aad
        ? 'Azure AD joined'
        : enterprise
          ? 'On-premises DRS joined'
          : domain
            ? 'Domain joined only'
            : workplace
              ? 'Azure AD registered'
              : 'Not joined'
  const findings = generalFindings(report, joinState)
  switch (joinState) {
    case 'Azure AD joined':
      return {
        joinState,
        flow: `Azure AD join, ${yes(get('EnterprisePrt')) ? 'federated (an AD FS PRT is present)' : 'managed or federated (dsregcmd does not say which)'}`,
        phaseReached: 'H (managed) or I (federated): registered, device certificate installed',
        findings,
      }
    case 'Hybrid Azure AD joined': {
      const federated = yes(get('EnterprisePrt'))
      return {
        joinState,
        flow: `Hybrid join, ${federated ? 'federated (an AD FS PRT is present)' : 'managed, or federated without an enterprise PRT'}`,
        phaseReached: federated
          ? 'G: registered and written back to AD'
          : 'H: registered, device certificate installed',
        findings,
      }
    }
    case 'On-premises DRS joined':
      return {
        joinState,
        flow: 'Joined to an on-premises Device Registration Service (AD FS): none of the four cloud flows',
        phaseReached: 'registered with AD FS DRS',
        findings,
      }
    case 'Azure AD registered':
      return {
        joinState,
        flow: 'Azure AD registered (a work account added in Settings): a registration, not one of the four join flows',
        phaseReached: 'registered (Work Account box)',
        findings,
      }
    case 'Not joined':
      return {
        joinState,
        flow: 'none yet: an Azure AD join starts at the out-of-box experience or in Settings › Accounts',
        phaseReached: 'not started',
        findings,
      }
    case 'Domain joined only':
      return { joinState, ...hybridAttempt(report), findings }
  }
}

/** A domain-joined device that is not hybrid joined: read the pre-join Diagnostic Data. */
function hybridAttempt(
  report: DsregReport,
): Pick<DeviceAnalysis, 'flow' | 'phaseReached' | 'failure' | 'story'> {
  const get = (name: string) => fieldValue(report, name)
  const registrationType = get('Registration Type')?.toLowerCase()
  const flow =
    registrationType === 'fed'
      ? 'Hybrid join, federated'
      : registrationType === 'sync'
        ? 'Hybrid join, managed (synchronised join, or the fallback from a federated one)'
        : 'Hybrid join (managed or federated: Diagnostic Data does not say)'
  const errorPhase = get('Error Phase')?.toLowerCase()
  const failedTest = [
    'AD Connectivity Test',
    'AD Configuration Test',
    'DRS Discovery Test',
    'DRS Connectivity Test',
    'Token acquisition Test',
  ].find((test) => get(test)?.toUpperCase().startsWith('FAIL'))
  if (!errorPhase && !failedTest)
    return {
      flow,
      phaseReached:
        'A: the Automatic-Device-Join task has not run, or has not failed (no Diagnostic Data). It runs at sign-in, at domain join and hourly.',
    }
  const [outer, inner] = codesOf(failedTest ? get(failedTest) : undefined)
  const clientCode = normaliseHresult(get('Client ErrorCode') ?? '') ?? outer
  const client = clientCode ? windowsCode(clientCode) : undefined
  const serverErrorCode = get('Server ErrorCode') || undefined
  const serverMessage = get('Server Message') || undefined
  const notSynced = serverErrorCode === 'DirectoryError' && /not found|isn't found/i.test(serverMessage ?? '')
  const sidMismatch = serverErrorCode === 'AuthenticationError' && /SID/i.test(serverMessage ?? '')
  const federated = registrationType === 'fed'
  const phaseReached = letterFor(errorPhase, failedTest, { notSynced, sidMismatch, federated, clientCode })
  const meaning = notSynced
    ? 'The synchronised join reached DRS before Azure AD Connect created the device object for this computer. Expected until the next sync cycle.'
    : sidMismatch
      ? 'DRS could not verify the computer: the certificate that signed its identity is not the one Azure AD Connect synced. The sync has not caught up.'
      : (client?.meaning ??
        `dsregcmd reports ${clientCode ?? 'no client code'} in the ${errorPhase ?? 'unknown'} phase.`)
  const inside = inner ? windowsCode(inner) : undefined
  return {
    flow,
    phaseReached,
    failure: {
      errorPhase,
      failedTest,
      client,
      clientCode,
      innerCode: inner,
      serverErrorCode,
      serverMessage,
      httpStatus: get('Https Status') || undefined,
      requestId: get('Request Id') || undefined,
      meaning: inside ? `${meaning} Inner code ${inside.hex} ${inside.name}: ${inside.meaning}` : meaning,
      check: [...(client?.check ?? []), ...(inside?.check ?? [])].filter(
        (line, index, all) => all.indexOf(line) === index,
      ),
    },
    story: storyFor({ notSynced, clientCode, errorPhase, federated }),
  }
}

/** `FAIL [0x801c0021/0x80072ee2]` → the two codes. */
function codesOf(result: string | undefined): [string | undefined, string | undefined] {
  const inside = result?.slice(result.indexOf('[') + 1, result.lastIndexOf(']')) ?? ''
  const [outer, inner] = inside.split('/').map((code) => normaliseHresult(code))
  return [outer, inner]
}

interface Clues {
  notSynced: boolean
  sidMismatch: boolean
  federated: boolean
  clientCode?: string
}

// Letters from the mapping table in diagnostics.md §2 (letters for discovery are our inference).
function letterFor(errorPhase: string | undefined, failedTest: string | undefined, clues: Clues): string {
  if (errorPhase === 'pre-check' || failedTest === 'AD Connectivity Test')
    return 'A: the join task could not reach a domain controller'
  if (failedTest === 'AD Configuration Test' || clues.clientCode === '0x801c001d')
    return 'B: reading the service connection point'
  if (errorPhase === 'discover') return 'B–C: DRS and realm discovery, after the SCP was read'
  if (errorPhase === 'auth') return 'C: the computer’s token from AD FS (Windows integrated authentication)'
  if (clues.notSynced) return 'D: waiting for Azure AD Connect to sync the computer (the join came too early)'
  if (clues.sidMismatch) return 'E: proving the computer’s identity with its certificate'
  if (
    clues.clientCode?.startsWith('0x8028') ||
    clues.clientCode?.startsWith('0x8029') ||
    clues.clientCode?.startsWith('0x8009')
  )
    return clues.federated ? 'D: creating the device keys (TPM)' : 'F: creating the device keys (TPM)'
  return clues.federated ? 'F: the registration request to DRS' : 'G: the registration request to DRS'
}

function storyFor(clues: {
  notSynced: boolean
  clientCode?: string
  errorPhase?: string
  federated: boolean
}) {
  const id = clues.notSynced
    ? 'haadj-managed-sync-pending'
    : clues.clientCode === '0x801c001d'
      ? clues.federated
        ? 'haadj-federated-no-scp'
        : 'haadj-managed-no-scp'
      : clues.clientCode === '0x801c003a'
        ? 'haadj-managed-other-tenant-scp'
        : clues.clientCode === '0x801c0025'
          ? 'aadj-managed-drs-down'
          : clues.clientCode === '0xcaa20003'
            ? 'aadj-federated-trust-outdated'
            : clues.errorPhase === 'auth'
              ? 'haadj-federated-adfs-down'
              : undefined
  const story = id ? findStory(id) : undefined
  return story ? { id: story.id, title: story.title } : undefined
}

/** The Device State lines that say how the device is joined. */
const JOIN_LINES = ['AzureAdJoined', 'DomainJoined'] as const

function generalFindings(report: DsregReport, joinState: JoinState): string[] {
  const get = (name: string) => fieldValue(report, name)
  const findings: string[] = []
  // Every layout prints both in Device State (diagnostics.md §1.1: the current boxed one and the
  // flat one of Windows 10 1607–1709), so a missing one means the paste was cut, and the join state
  // above took it as NO: a hybrid joined device cut before DomainJoined reads as Azure AD joined.
  const missing = JOIN_LINES.filter((name) => get(name) === undefined)
  if (missing.length > 0)
    findings.push(
      `No ${missing.join(' or ')} line: the output looks cut off, and the join state above counts it as NO. Give it the whole output of dsregcmd /status.`,
    )
  const auth = get('DeviceAuthStatus')
  if (auth && !auth.toUpperCase().startsWith('SUCCESS'))
    findings.push(
      /disabled|deleted/i.test(auth)
        ? 'DeviceAuthStatus: the device object is disabled or deleted in Entra ID. Enable it, or leave (dsregcmd /leave) and join again.'
        : `DeviceAuthStatus is "${auth}": the device could not prove itself to Entra ID (run as SYSTEM with network access to test).`,
    )
  if (yes(get('AadRecoveryEnabled')))
    findings.push(
      'AadRecoveryEnabled: the device keys are unusable; the next sign-in registers the device again.',
    )
  const keySign = get('KeySignTest')
  if (keySign && /fail/i.test(keySign))
    findings.push(`KeySignTest "${keySign}": the device key does not sign; expect recovery.`)
  if (
    (joinState === 'Azure AD joined' || joinState === 'Hybrid Azure AD joined') &&
    get('AzureAdPrt') &&
    !yes(get('AzureAdPrt'))
  )
    findings.push(
      'No Azure AD PRT for this user: single sign-on will not work. Lock and unlock, then look at the PRT diagnostics in SSO State.',
    )
  if (joinState === 'Hybrid Azure AD joined' && yes(get('WorkplaceJoined')))
    findings.push(
      'WorkplaceJoined is YES on a hybrid joined device: a work account was added too ("dual state"); remove it and block registration on domain-joined devices.',
    )
  const attempt = get('Attempt Status')
  if (attempt)
    findings.push(
      `The last PRT attempt failed with ${attempt}${get('Server Error Description') ? `: ${get('Server Error Description')}` : ''}.`,
    )
  if (joinState === 'Domain joined only' && !hasSection(report, 'Diagnostic Data') && !get('Error Phase'))
    findings.push(
      'Run dsregcmd /status as SYSTEM or an elevated user on Windows 10 1803 or later to see the pre-join tests.',
    )
  return findings
}
