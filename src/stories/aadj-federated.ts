import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../engine/answers.ts'
import { variant, type Story } from './story.ts'

const adele: Answers = {
  username: 'adele.vance@contoso.com',
  passwords: ['Pa55w.rd-Contoso'],
  termsOfUse: 'accept',
}
const megan: Answers = {
  username: 'megan.bowen@contoso.com',
  passwords: ['Pa55w.rd-Megan'],
  termsOfUse: 'accept',
  mfaCodes: ['246810'],
}

const base = {
  scenario: 'aadj-federated',
  fixture: contosoFederated,
  answers: adele,
  keyProvider: 'platform',
  outcome: 'registered',
} as const

/** Azure AD join in a federated domain: AD FS signs the user in. */
export const AADJ_FEDERATED_STORIES: Story[] = [
  {
    ...base,
    id: 'aadj-federated-happy',
    title: 'Azure AD join, federated domain',
    teaches:
      'Azure AD sends the user to AD FS; the STS token is traded for Azure AD tokens, then the join goes on.',
  },
  {
    ...base,
    id: 'aadj-federated-mfa',
    title: 'Extra factor at AD FS',
    teaches:
      'AD FS asks this user for a verification code before it issues the token; the ID token then says mfa.',
    answers: megan,
  },
  {
    ...base,
    id: 'aadj-federated-mfa-wrong',
    title: 'Wrong verification code',
    teaches: 'A wrong second factor at AD FS ends the sign-in: no token, no join.',
    answers: { ...megan, mfaCodes: ['000000'] },
    outcome: 'MFA_REJECTED',
  },
  {
    ...base,
    id: 'aadj-federated-wrong-password',
    title: 'Wrong password at AD FS',
    teaches:
      'The password is checked on-premises by AD FS, not by Azure AD; its refusal comes from the STS page.',
    answers: { ...adele, passwords: ['Summer2026!'] },
    outcome: 'CREDENTIALS_REJECTED',
  },
  {
    ...base,
    id: 'aadj-federated-trust-outdated',
    title: 'AD FS certificate renewed, trust not updated',
    teaches:
      'AD FS signs with its new token-signing certificate; Azure AD still trusts the old one and refuses the token (AADSTS50008).',
    fixture: variant(contosoFederated, (fixture) => void (fixture.federation!.trustOutdated = true)),
    outcome: 'TOKEN_REJECTED',
  },
  {
    ...base,
    id: 'aadj-federated-after-join',
    title: 'First sign-in and Windows Hello',
    teaches:
      'After the join the device gets a PRT with its device key and opens the session key with its transport key; the second factor done at AD FS lets DRS register a Windows Hello key.',
    answers: megan,
    afterJoin: true,
  },
]
