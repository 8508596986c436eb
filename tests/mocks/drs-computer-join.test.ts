import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { describe, expect, it } from 'vitest'
import { issueAssertion } from '../../mocks/adfs.ts'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import type { Tenant } from '../../mocks/tenant.ts'
import {
  negotiateHeader,
  processComputerAssertion,
  requestComputerAssertion,
} from '../../src/device/computer-auth.ts'
import { joinBody, postJoin, samlBearerToken } from '../support/device-requests.ts'
import { opensslVerify } from '../support/openssl.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const OBJECT_GUID = 'b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d'
const COMPUTER = {
  dn: `CN=DESKTOP-7Q2K9LM,CN=Computers,DC=corp,DC=contoso,DC=com`,
  objectGuid: OBJECT_GUID,
  objectSid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
  dnsDomain: 'corp.contoso.com',
}

// The computer's DRS token, the way haadj-federated phase C gets it: AD FS assertion, then the saml1_1-bearer grant.
async function computerToken(): Promise<string> {
  return redeem(
    await processComputerAssertion(
      await requestComputerAssertion(
        fetch,
        'sts.contoso.com',
        negotiateHeader(COMPUTER, 'DESKTOP-7Q2K9LM', 'sts.contoso.com'),
      ),
    ),
  )
}

// A federated user's token: Azure AD takes no password for contoso.com, so it comes from an AD FS assertion too.
async function userToken(tenant: Tenant): Promise<string> {
  const upn = [
    { name: 'UPN', namespace: 'http://schemas.xmlsoap.org/claims', values: ['adele.vance@contoso.com'] },
  ]
  return redeem(
    await issueAssertion(tenant, {
      nameIdentifier: 'x',
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
      attributes: upn,
    }),
  )
}

async function redeem(assertion: string): Promise<string> {
  return (await (await samlBearerToken(assertion)).json()).access_token
}

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`

describe('emulated DRS, hybrid join with a computer token (JoinType 6)', () => {
  it("names the device after the computer's objectGUID and issues a certificate OpenSSL verifies", async () => {
    const { tenant, caPem } = emulateTenant(contosoHybrid(true))
    const response = await postJoin(
      await computerToken(),
      await joinBody({ JoinType: 6, DeviceDisplayName: 'DESKTOP-7Q2K9LM' }),
    )
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(new x509.X509Certificate(body.Certificate.RawBody).subjectName.getField('CN')).toEqual([
      OBJECT_GUID,
    ])
    expect(opensslVerify(await caPem(), pem(body.Certificate.RawBody)).ok).toBe(true)
    expect(tenant.devices.get(OBJECT_GUID)).toMatchObject({
      joinType: 6,
      onPremObjectSid: COMPUTER.objectSid,
      displayName: 'DESKTOP-7Q2K9LM',
    })
  })

  it('refuses a computer token asking for a cloud join, and a user token asking for a hybrid one', async () => {
    const { tenant } = emulateTenant(contosoHybrid(true))
    const asCloud = await postJoin(await computerToken(), await joinBody({ JoinType: 0 }))
    expect(asCloud.status).toBe(400)
    expect((await asCloud.json()).Message).toBe(
      '"JoinType" 0 is not allowed with a computer token: only 6 (hybrid).',
    )
    const asHybrid = await postJoin(await userToken(tenant), await joinBody({ JoinType: 6 }))
    expect((await asHybrid.json()).Message).toBe('"JoinType" 6 is not allowed with a user token.')
  })
})
