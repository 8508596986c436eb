import { describe, expect, it } from 'vitest'
import { adfsIssuer, issueAssertion } from '../../mocks/adfs.ts'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { signAssertion, type AssertionContent } from '../../mocks/saml.ts'
import { createSigningKey } from '../../mocks/signing-key.ts'
import { samlBearerToken } from '../support/device-requests.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const upn = (value: string) => [
  { name: 'UPN', namespace: 'http://schemas.xmlsoap.org/claims', values: [value] },
]

const redeem = samlBearerToken

describe('Azure AD redeeming an AD FS assertion', () => {
  it('accepts an assertion AD FS signed, for a user of the tenant', async () => {
    const { tenant } = emulateTenant(contosoFederated())
    const assertion = await issueAssertion(tenant, {
      nameIdentifier: 'x',
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
      attributes: upn('adele.vance@contoso.com'),
    })
    expect((await redeem(assertion)).status).toBe(200)
  })

  it('refuses an assertion altered after signing', async () => {
    const { tenant } = emulateTenant(contosoFederated())
    const assertion = await issueAssertion(tenant, {
      nameIdentifier: 'x',
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
      attributes: upn('adele.vance@contoso.com'),
    })
    const response = await redeem(assertion.replace('adele.vance@contoso.com', 'megan.bowen@contoso.com'))
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error_codes).toEqual([50008])
    expect(body.error_description).toMatch(
      /^AADSTS50008: The SAML token signature does not verify against the federation trust\./,
    )
  })

  it('refuses an expired assertion', async () => {
    const { tenant, clock } = emulateTenant(contosoFederated())
    const assertion = await issueAssertion(tenant, {
      nameIdentifier: 'x',
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
      attributes: upn('adele.vance@contoso.com'),
    })
    clock.advance(2 * 3600_000)
    expect((await (await redeem(assertion)).json()).error_codes).toEqual([50013])
  })

  it("refuses an assertion signed by a key other than AD FS's token-signing key", async () => {
    const { clock } = emulateTenant(contosoFederated())
    const response = await redeem(await signWith(await createSigningKey(clock.now()), clock.now()))
    expect((await response.json()).error_description).toMatch(
      /^AADSTS50008: The SAML token signature does not verify against the federation trust\./,
    )
  })

  it('refuses an assertion for another audience or from another issuer, even signed by AD FS', async () => {
    const { tenant, clock } = emulateTenant(contosoFederated())
    const key = await tenant.adfsSigningKey()
    const otherAudience = await (
      await redeem(await signWith(key, clock.now(), { audience: 'urn:example:other' }))
    ).json()
    expect(otherAudience.error_description).toMatch(
      /^AADSTS50008: The SAML token audience 'urn:example:other' is not urn:federation:MicrosoftOnline\./,
    )
    const otherIssuer = await (
      await redeem(
        await signWith(key, clock.now(), { issuer: 'http://sts.fabrikam.com/adfs/services/trust' }),
      )
    ).json()
    expect(otherIssuer.error_codes).toEqual([50107])
  })
})

// An assertion made outside the emulated AD FS, to vary what AD FS itself never would.
async function signWith(
  key: { privateKey: CryptoKey; jwk: Record<string, unknown> },
  now: number,
  change: Partial<AssertionContent> = {},
) {
  const content: AssertionContent = {
    issuer: adfsIssuer('sts.contoso.com'),
    nameIdentifier: 'x',
    authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
    attributes: upn('adele.vance@contoso.com'),
    notBefore: now,
    notOnOrAfter: now + 3600_000,
    id: '_test',
    ...change,
  }
  return signAssertion(content, {
    privateKey: key.privateKey,
    certificateBase64: String((key.jwk.x5c as string[])[0]),
  })
}
