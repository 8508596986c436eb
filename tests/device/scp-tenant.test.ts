import { describe, expect, it } from 'vitest'
import { readServiceConnectionPoint } from '../../src/device/hybrid-join.ts'
import { processScpTenantDiscovery } from '../../src/device/scp-tenant.ts'
import type { DirectoryClient } from '../../src/trace/ldap.ts'

const CONTOSO = '9d53c6fa-b38e-4509-8fb1-51dedb421aac'
const discovery = (tenantId: string) =>
  Response.json({
    AuthenticationService: { OAuth2Authority: `https://login.microsoftonline.com/${tenantId}/` },
    DeviceJoinService: {
      JoinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/',
      JoinResourceId: 'urn:ms-drs:enterpriseregistration.windows.net',
      ServiceVersion: '2.0',
    },
    KeyProvisioningService: {
      KeyProvisionEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/key/',
      KeyProvisionResourceId: 'urn:ms-drs:enterpriseregistration.windows.net',
      ServiceVersion: '1.0',
    },
  })

describe('checking the SCP against DRS discovery', () => {
  it("keeps the discovered join endpoint when the domain's tenant is the SCP's azureADId", async () => {
    const drs = await processScpTenantDiscovery(discovery(CONTOSO), {
      tenantName: 'contoso.com',
      tenantId: CONTOSO.toUpperCase(),
    })
    expect(drs.joinEndpoint).toBe('https://enterpriseregistration.windows.net/EnrollmentServer/device/')
  })

  it('ends in SCP_NOT_FOUND when azureADId is another tenant than the one DRS names for azureADName', async () => {
    const other = '11111111-2222-4333-8444-555555555555'
    await expect(
      processScpTenantDiscovery(discovery(CONTOSO), { tenantName: 'contoso.com', tenantId: other }),
    ).rejects.toMatchObject({
      code: 'SCP_NOT_FOUND',
      message: `The service connection point's "azureADId" ${other} is not the tenant DRS names for "contoso.com" (${CONTOSO}).`,
    })
  })

  it('ends in SCP_NOT_FOUND when DRS does not know the domain the SCP names', async () => {
    const unknown = Response.json(
      {
        error: 'invalid_tenant',
        error_description: "AADSTS90002: Tenant 'fabrikam.com' not found.\r\nTrace ID: x",
      },
      { status: 400 },
    )
    await expect(
      processScpTenantDiscovery(unknown, { tenantName: 'fabrikam.com', tenantId: CONTOSO }),
    ).rejects.toMatchObject({
      code: 'SCP_NOT_FOUND',
      message:
        'The service connection point names "fabrikam.com", which DRS does not know: AADSTS90002: Tenant \'fabrikam.com\' not found.',
    })
  })
})

describe('reading the SCP', () => {
  const failing = (resultCode: number): DirectoryClient => ({
    dcHost: 'dc01.corp.contoso.com',
    search: async () => Promise.reject(Object.assign(new Error('LDAP failure'), { resultCode })),
    modify: async () => {},
  })

  it('calls a noSuchObject answer a missing SCP', async () => {
    await expect(readServiceConnectionPoint(failing(32), 'DC=corp,DC=contoso,DC=com')).rejects.toMatchObject({
      code: 'SCP_NOT_FOUND',
    })
  })

  it('calls any other LDAP failure (unavailable, 52) a directory that did not answer, not a missing SCP', async () => {
    await expect(readServiceConnectionPoint(failing(52), 'DC=corp,DC=contoso,DC=com')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The domain controller did not answer the SCP search: LDAP failure',
    })
  })
})
