import { describe, expect, it } from 'vitest'
import { contosoFederated, contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const LOGIN = 'https://login.microsoftonline.com'
const DRS = 'https://enterpriseregistration.windows.net'

describe('paths whose percent-escapes are not UTF-8', () => {
  it.each([
    `${LOGIN}/common/userrealm/%FF`,
    `${LOGIN}/common/userrealm/%E0%A4%A`,
    `${LOGIN}/%FF/oauth2/token`,
  ])('Azure AD answers 400 invalid_request in its own shape for %s', async (url) => {
    emulateTenant(contosoManaged())
    const response = await fetch(url, { method: url.endsWith('token') ? 'POST' : 'GET' })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [], trace_id: expect.any(String) })
    expect(body.error_description).toMatch(/percent-encoded/)
  })

  it.each([
    ['DELETE', `${DRS}/EnrollmentServer/device/%FF`],
    ['PUT', `${DRS}/EnrollmentServer/device/%E0%A4%A?api-version=2.0`],
    ['GET', `${DRS}/%FF/enrollmentserver/contract?api-version=1.2`],
  ])('DRS answers %s %s with 400 InvalidRequest in its ErrorDetails shape', async (method, url) => {
    emulateTenant(contosoManaged())
    const response = await fetch(url, { method })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      ErrorType: 'InvalidRequest',
      Message: expect.stringMatching(/percent-encoded/),
      TraceId: expect.any(String),
      Time: expect.any(String),
    })
  })

  it('AD FS answers its OAuth shape, and its WS-Trust endpoints a SOAP fault', async () => {
    const { tenant } = emulateTenant(contosoFederated())
    const sts = `https://${tenant.fixture.federation!.stsHost}`
    const oauth = await fetch(`${sts}/adfs/oauth2/%FF`, { method: 'POST' })
    expect(oauth.status).toBe(400)
    expect(await oauth.json()).toMatchObject({ error: 'invalid_request' })
    const soap = await fetch(`${sts}/adfs/services/trust/%FF`, { method: 'POST' })
    expect(soap.status).toBe(400)
    expect(await soap.text()).toMatch(/<s:Value>s:Sender<\/s:Value>.*a:InvalidRequest/)
  })
})

describe('user realm discovery decodes the UPN exactly once', () => {
  it('reads %2540 as a literal "%40", not as "@"', async () => {
    emulateTenant(contosoManaged())
    const body = await (
      await fetch(`${LOGIN}/common/userrealm/adele.vance%2540contoso.com?api-version=2.1`)
    ).json()
    expect(body).toMatchObject({ Login: 'adele.vance%40contoso.com', NameSpaceType: 'Unknown' })
  })

  it('reads %25FF as the text "%FF" rather than failing', async () => {
    emulateTenant(contosoManaged())
    const response = await fetch(`${LOGIN}/common/userrealm/%25FF?api-version=2.1`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ Login: '%FF', NameSpaceType: 'Unknown' })
  })

  it('still reads %40 as "@"', async () => {
    emulateTenant(contosoManaged())
    const body = await (
      await fetch(`${LOGIN}/common/userrealm/adele.vance%40contoso.com?api-version=2.1`)
    ).json()
    expect(body).toMatchObject({ Login: 'adele.vance@contoso.com', NameSpaceType: 'Managed' })
  })
})
