import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { passwordToken } from '../support/device-requests.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

describe('emulated Azure AD token endpoint', () => {
  it('locks an account after the smart-lockout threshold: AADSTS50053 even for the right password, until the lock ends', async () => {
    const { clock } = emulateTenant({
      ...contosoManaged(),
      smartLockout: { threshold: 3, lockoutSeconds: 60 },
    })
    const codes = async (password: string) =>
      ((await (await passwordToken('adele.vance@contoso.com', password)).json()).error_codes ??
        []) as number[]
    for (let attempt = 0; attempt < 3; attempt++) expect(await codes('Summer2026!')).toEqual([50126])
    const locked = await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')
    expect(locked.status).toBe(400)
    const body = await locked.json()
    expect(body).toMatchObject({ error: 'invalid_grant', error_codes: [50053] })
    expect(body.error_description).toMatch(
      /^AADSTS50053: The account is locked, you've tried to sign in too many times with an incorrect user ID or password\.\r\nTrace ID: /,
    )
    clock.advance(61_000)
    expect(await codes('Pa55w.rd-Contoso')).toEqual([])
  })

  it('refuses a wrong password with AADSTS50126 in the real error shape', async () => {
    emulateTenant(contosoManaged())
    const response = await passwordToken('adele.vance@contoso.com', 'not-the-password')
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error).toBe('invalid_grant')
    expect(body.error_codes).toEqual([50126])
    expect(body.error_description).toMatch(
      /^AADSTS50126: Error validating credentials due to invalid username or password\.\r\nTrace ID: /,
    )
    expect(body.error_uri).toBe('https://login.microsoftonline.com/error?code=50126')
  })

  it('refuses an unknown user with AADSTS50034', async () => {
    emulateTenant(contosoManaged())
    const body = await (await passwordToken('nobody@contoso.com', 'x')).json()
    expect(body.error_codes).toEqual([50034])
  })

  it('issues RS256 tokens whose access token is for DRS and whose ID token carries mdm_tou_url', async () => {
    const { clock } = emulateTenant(contosoManaged())
    const body = await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json()
    const access = decodeJwt(body.access_token)
    expect(access.aud).toBe('urn:ms-drs:enterpriseregistration.windows.net')
    expect(access.iss).toBe('https://sts.windows.net/9d53c6fa-b38e-4509-8fb1-51dedb421aac/')
    expect(access.exp).toBe(Math.floor(clock.now() / 1000) + 3599)
    expect(decodeJwt(body.id_token).mdm_tou_url).toBe('https://portal.manage.microsoft.com/TermsofUse.aspx')
  })

  it('leaves mdm_tou_url out when the tenant sets no terms of use', async () => {
    const fixture = contosoManaged()
    delete fixture.mdmTermsOfUseUrl
    emulateTenant(fixture)
    const body = await (await passwordToken('adele.vance@contoso.com', 'Pa55w.rd-Contoso')).json()
    expect(decodeJwt(body.id_token)).not.toHaveProperty('mdm_tou_url')
  })

  it('answers realm discovery as managed (2.1) and with account_type (1.0)', async () => {
    emulateTenant(contosoManaged())
    const v2 = await (
      await fetch(
        'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=2.1',
      )
    ).json()
    expect(v2).toMatchObject({
      NameSpaceType: 'Managed',
      DomainName: 'contoso.com',
      cloud_instance_name: 'microsoftonline.com',
    })
    const v1 = await (
      await fetch(
        'https://login.microsoftonline.com/common/userrealm/adele.vance@contoso.com?api-version=1.0',
      )
    ).json()
    expect(v1).toMatchObject({ ver: '1.0', account_type: 'Managed', domain_name: 'contoso.com' })
    const unknown = await (
      await fetch('https://login.microsoftonline.com/common/userrealm/a@fabrikam.com?api-version=2.1')
    ).json()
    expect(unknown.NameSpaceType).toBe('Unknown')
  })
})
