import { contosoHybrid, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../engine/answers.ts'
import { variant, type Story } from './story.ts'

const hybrid = (change?: (fixture: TenantFixture) => void) => variant(() => contosoHybrid(true), change)

const nobody: Answers = { username: '', passwords: [], termsOfUse: 'accept' }
const base = {
  scenario: 'haadj-federated',
  fixture: hybrid(),
  answers: nobody,
  keyProvider: 'platform',
  outcome: 'registered',
} as const

/** Hybrid join in a federated domain: AD FS vouches for the computer; the device is written back. */
export const HAADJ_FEDERATED_STORIES: Story[] = [
  {
    ...base,
    id: 'haadj-federated-happy',
    title: 'Hybrid join, federated domain',
    teaches:
      'SCP, Windows integrated authentication at AD FS, an enterprise PRT, registration, then device write-back.',
  },
  {
    ...base,
    id: 'haadj-federated-no-scp',
    title: 'Federated, SCP missing',
    teaches: 'The federated hybrid flow starts from the SCP too: without it nothing else happens.',
    fixture: hybrid((fixture) => void (fixture.onPremises!.scpKeywords = null)),
    outcome: 'SCP_NOT_FOUND',
  },
  {
    ...base,
    id: 'haadj-federated-adfs-down',
    title: 'AD FS unavailable',
    teaches: 'When AD FS does not answer, the computer gets no token and cannot register.',
    fixture: hybrid((fixture) => void (fixture.unavailable = ['adfs'])),
    outcome: 'SERVICE_UNAVAILABLE',
  },
]
