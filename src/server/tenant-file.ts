import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'
import type { ComputerCertificate } from './synced-devices.ts'

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')
const sid = z.string().regex(/^S-1-5-21(-\d+){4}$/, 'must be a domain SID (S-1-5-21-…-RID)')
const computer = z.object({
  name: z.string().regex(/^[A-Za-z0-9-]{1,15}$/, 'must be a NetBIOS computer name'),
  objectGuid: guid,
  objectSid: sid,
  /** Its self-signed certificate, as hybrid join writes it (PEM or base64 DER): synced at start. */
  userCertificate: z.string().min(1).optional(),
})
const user = z.object({
  upn: z.string().includes('@'),
  password: z.string().min(1),
  objectId: guid,
  displayName: z.string(),
  mfaCode: z.string().optional(),
})

/** A tenant fixture file for `--tenant`, checked field by field before the server trusts it. */
const tenantFileSchema = z.object({
  tenantId: guid,
  domain: z.string().min(3),
  displayName: z.string(),
  region: z.string().length(2),
  users: z.array(user),
  mdmTermsOfUseUrl: z.string().url().optional(),
  keyRegistrationRequiresMfa: z.boolean().optional(),
  /** Entra's "Maximum number of devices per user": a whole number from 1, or "unlimited". */
  maxDevicesPerUser: z
    .union([z.number().int().min(1), z.literal('unlimited')])
    .transform((limit) => (limit === 'unlimited' ? Infinity : limit))
    .optional(),
  federation: z
    .object({ stsHost: z.string().min(3), brandName: z.string(), trustOutdated: z.boolean().optional() })
    .optional(),
  onPremises: z
    .object({
      dnsDomain: z.string().min(3),
      computers: z.array(computer),
      syncIntervalMinutes: z.number().positive().default(30),
      deviceWriteBack: z.boolean().optional(),
    })
    .optional(),
})

export interface TenantFile {
  fixture: TenantFixture
  /** userCertificate values to write and sync before the first client arrives. */
  computerCertificates: ComputerCertificate[]
}

export function readTenantFile(path: string): TenantFile {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`${path}: not a readable JSON file (${(error as Error).message})`)
  }
  const result = tenantFileSchema.safeParse(data)
  if (!result.success)
    throw new Error(
      `${path}: ${result.error.issues.map((issue) => `"${issue.path.join('.')}" ${issue.message}`).join('; ')}`,
    )
  const { onPremises, ...rest } = result.data
  if (!onPremises) return { fixture: rest, computerCertificates: [] }
  const computers = onPremises.computers.map(({ name, objectGuid, objectSid }) => ({
    name,
    objectGuid,
    objectSid,
  }))
  const computerCertificates = onPremises.computers.flatMap(({ name, userCertificate }) =>
    userCertificate ? [{ computer: name, userCertificate }] : [],
  )
  return { fixture: { ...rest, onPremises: { ...onPremises, computers } }, computerCertificates }
}

/** `--user upn=password`: a user added to the tenant, with a fresh object ID. */
export function parseUserOption(value: string): TenantFixture['users'][number] {
  const split = value.indexOf('=')
  const upn = value.slice(0, split)
  if (split <= 0 || !upn.includes('@') || split === value.length - 1)
    throw new Error(`--user "${value}": expected <upn>=<password>`)
  return {
    upn,
    password: value.slice(split + 1),
    objectId: crypto.randomUUID(),
    displayName: upn.split('@')[0] ?? upn,
  }
}
