import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { TenantFixture } from '../../mocks/fixtures/tenant.ts'

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')
const user = z.object({ upn: z.string().includes('@'), password: z.string().min(1), objectId: guid, displayName: z.string(), mfaCode: z.string().optional() })

/** A tenant fixture file for `--tenant`, checked field by field before the server trusts it. */
export const tenantFileSchema = z.object({
  tenantId: guid,
  domain: z.string().min(3),
  displayName: z.string(),
  region: z.string().length(2),
  users: z.array(user),
  mdmTermsOfUseUrl: z.string().url().optional(),
  federation: z.object({ stsHost: z.string().min(3), brandName: z.string(), trustOutdated: z.boolean().optional() }).optional(),
})

export function readTenantFile(path: string): TenantFixture {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`${path}: not a readable JSON file (${(error as Error).message})`)
  }
  const result = tenantFileSchema.safeParse(data)
  if (!result.success) throw new Error(`${path}: ${result.error.issues.map((issue) => `"${issue.path.join('.')}" ${issue.message}`).join('; ')}`)
  return result.data
}

/** `--user upn=password`: a user added to the tenant, with a fresh object ID. */
export function parseUserOption(value: string): TenantFixture['users'][number] {
  const split = value.indexOf('=')
  const upn = value.slice(0, split)
  if (split <= 0 || !upn.includes('@') || split === value.length - 1) throw new Error(`--user "${value}": expected <upn>=<password>`)
  return { upn, password: value.slice(split + 1), objectId: crypto.randomUUID(), displayName: upn.split('@')[0] ?? upn }
}
