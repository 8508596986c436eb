import { contosoManaged, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../engine/answers.ts'
import { variant, type Story } from './story.ts'

const adele: Answers = {
  username: 'adele.vance@contoso.com',
  passwords: ['Pa55w.rd-Contoso'],
  termsOfUse: 'accept',
}

const contoso = (change?: (fixture: TenantFixture) => void) => variant(contosoManaged, change)

const base = {
  scenario: 'aadj-managed',
  fixture: contoso(),
  answers: adele,
  keyProvider: 'platform',
  outcome: 'registered',
} as const

/** At the first sign-in after the join the user types the password again. */
const adeleSignsInAgain: Answers = { ...adele, passwords: [...adele.passwords, ...adele.passwords] }

/** Azure AD join in a managed domain: the happy path and what a trainer shows going wrong. */
export const AADJ_MANAGED_STORIES: Story[] = [
  {
    ...base,
    id: 'aadj-managed-happy',
    title: 'Azure AD join, managed domain',
    teaches: 'The whole cloud join: sign-in, terms of use accepted, discovery, keys, registration.',
  },
  {
    ...base,
    id: 'aadj-managed-no-tou',
    title: 'No terms of use',
    teaches: 'Without an mdm_tou_url claim in the ID token, phase D is skipped.',
    fixture: contoso((fixture) => delete fixture.mdmTermsOfUseUrl),
  },
  {
    ...base,
    id: 'aadj-managed-tou-declined',
    title: 'Terms of use declined',
    teaches: 'Declining the MDM terms stops the join before any key is made.',
    answers: { ...adele, termsOfUse: 'decline' },
    outcome: 'TOU_DECLINED',
  },
  {
    ...base,
    id: 'aadj-managed-wrong-password',
    title: 'Wrong password',
    teaches: 'Azure AD answers AADSTS50126; the user may try again, and here gives up.',
    answers: { ...adele, passwords: ['Summer2026!'] },
    outcome: 'CREDENTIALS_REJECTED',
  },
  {
    ...base,
    id: 'aadj-managed-locked-out',
    title: 'Wrong password until the account locks',
    teaches:
      "Smart lockout: after three wrong passwords (this tenant's threshold) Azure AD locks the account and answers AADSTS50053, even to the right password.",
    fixture: contoso((fixture) => void (fixture.smartLockout = { threshold: 3, lockoutSeconds: 60 })),
    answers: { ...adele, passwords: ['Summer2026!', 'Winter2026!', 'Spring2026!', 'Pa55w.rd-Contoso'] },
    outcome: 'ACCOUNT_LOCKED',
  },
  {
    ...base,
    id: 'aadj-managed-retry-password',
    title: 'Wrong password, then the right one',
    teaches: 'A refused password sends the user back to the prompt; the second try goes through.',
    answers: { ...adele, passwords: ['Summer2026!', 'Pa55w.rd-Contoso'] },
  },
  {
    ...base,
    id: 'aadj-managed-no-tpm',
    title: 'No TPM: software keys',
    teaches: 'Without a TPM the keys live in the software key storage provider; the device panel says so.',
    keyProvider: 'software',
  },
  {
    ...base,
    id: 'aadj-managed-expired-token',
    title: 'Token expired at DRS',
    teaches:
      "DRS's clock runs two hours ahead of Azure AD's: to DRS the access token just issued has expired, and it refuses the join.",
    fixture: contoso((fixture) => void (fixture.drsClockSkewMinutes = 120)),
    outcome: 'TOKEN_REJECTED',
  },
  {
    ...base,
    id: 'aadj-managed-drs-down',
    title: 'DRS unavailable',
    teaches:
      'The Device Registration Service answers 503; the device tries discovery three times, backing off 5 and 10 seconds, then stops (0x801c0025).',
    fixture: contoso((fixture) => void (fixture.unavailable = ['drs'])),
    outcome: 'SERVICE_UNAVAILABLE',
  },
  {
    ...base,
    id: 'aadj-managed-drs-busy-at-join',
    title: 'DRS busy at the join',
    teaches:
      'Discovery works but the join request gets 503: the device sends it three times, 5 and 10 seconds apart on the run clock, then fails with DSREG_SERVER_BUSY (0x801c0025).',
    faults: ['drs.join:503'],
    outcome: 'SERVICE_UNAVAILABLE',
  },
  {
    ...base,
    id: 'aadj-managed-device-quota',
    title: 'Over the device quota',
    teaches:
      'The user already has as many devices as the tenant allows: DRS answers AuthorizationError, DeviceCapReached, and Windows reports 0x801c000e.',
    faults: ['drs.join:quota'],
    outcome: 'DEVICE_QUOTA_EXCEEDED',
  },
  {
    ...base,
    id: 'aadj-managed-discovery-timeout',
    title: 'DRS discovery never answers',
    teaches:
      'Discovery takes 45 seconds to answer; the device gives up after 30 and fails with DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT (0x801c001f) instead of waiting forever.',
    faults: ['drs.discovery:latency=45s'],
    outcome: 'TIMED_OUT',
  },
  {
    ...base,
    id: 'aadj-managed-after-join',
    title: 'First sign-in and Windows Hello',
    teaches:
      'After the join the user signs in: a PRT for the device-signed request, its session key opened with the transport key, then a Windows Hello key registered (this tenant waives the second factor for it).',
    fixture: contoso((fixture) => void (fixture.keyRegistrationRequiresMfa = false)),
    answers: adeleSignsInAgain,
    afterJoin: true,
  },
  {
    ...base,
    id: 'aadj-managed-hello-without-mfa',
    title: 'Windows Hello refused without MFA',
    teaches:
      'The PRT comes from a password alone, so the DRS token says amr pwd; the key service wants a second factor and answers 401.',
    answers: adeleSignsInAgain,
    afterJoin: true,
    outcome: 'TOKEN_REJECTED',
  },
]
