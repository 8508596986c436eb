import { contosoHybrid, type TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { Answers } from '../engine/answers.ts'
import { variant, type Story } from './story.ts'

const hybrid = (change?: (fixture: TenantFixture) => void) => variant(() => contosoHybrid(false), change)

// Nobody types anything in the hybrid flows: the computer registers itself at sign-in.
const nobody: Answers = { username: '', passwords: [], termsOfUse: 'accept' }
const base = {
  scenario: 'haadj-managed',
  fixture: hybrid(),
  answers: nobody,
  keyProvider: 'platform',
  outcome: 'registered',
} as const

/** Hybrid join in a managed domain: on-premises AD, Azure AD Connect, then DRS. */
export const HAADJ_MANAGED_STORIES: Story[] = [
  {
    ...base,
    id: 'haadj-managed-happy',
    title: 'Hybrid join, managed domain',
    teaches:
      'SCP lookup, a self-signed certificate in AD, the sync cycle, then registration with the certificate key.',
  },
  {
    ...base,
    id: 'haadj-managed-sync-pending',
    title: 'Sync not yet run, then a retry',
    teaches:
      'Before Azure AD Connect has synced the computer, DRS does not know it; the task retries at the next sign-in.',
    fixture: hybrid((fixture) => void (fixture.onPremises!.skipSyncCycles = 1)),
  },
  {
    ...base,
    id: 'haadj-managed-no-scp',
    title: 'Service connection point missing',
    teaches:
      'Without the SCP in the configuration partition, the computer does not know which tenant to join.',
    fixture: hybrid((fixture) => void (fixture.onPremises!.scpKeywords = null)),
    outcome: 'SCP_NOT_FOUND',
  },
  {
    ...base,
    id: 'haadj-managed-wrong-scp',
    title: 'Service connection point without a tenant ID',
    teaches: 'An SCP whose keywords lack azureADId (or hold something else) is as good as none.',
    fixture: hybrid(
      (fixture) =>
        void (fixture.onPremises!.scpKeywords = ['azureADName:contoso.com', 'azureADId:not-a-guid']),
    ),
    outcome: 'SCP_NOT_FOUND',
  },
  {
    ...base,
    id: 'haadj-managed-other-tenant-scp',
    title: 'Service connection point naming another tenant',
    teaches:
      "The task checks the SCP with DRS discovery: a tenant ID that is not the named domain's stops it before it writes to AD.",
    fixture: hybrid(
      (fixture) =>
        void (fixture.onPremises!.scpKeywords = [
          'azureADName:contoso.com',
          'azureADId:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
        ]),
    ),
    outcome: 'SCP_NOT_FOUND',
  },
]
