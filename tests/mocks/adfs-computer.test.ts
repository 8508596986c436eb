import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { immutableId } from '../../mocks/adfs.ts'
import { CLAIMS } from '../../mocks/adfs-windows-transport.ts'
import { contosoHybrid } from '../../mocks/fixtures/tenant.ts'
import { verifyAssertion } from '../../mocks/saml.ts'
import { processComputerAssertion, requestComputerAssertion } from '../../src/device/computer-auth.ts'
import { emulateTenant } from '../support/tenant-harness.ts'

const STS = 'sts.contoso.com'
const WINDOWS_TRANSPORT = `https://${STS}/adfs/services/trust/13/windowstransport`
const PRT_ENDPOINT = `https://${STS}/adfs/oauth2/token`
const COMPUTER = {
  guid: 'b3e2c1d0-4a5f-4e6b-9c7d-8e9f0a1b2c3d',
  sid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
}

const ticket = (principal: string, service = `HTTP/${STS}`) =>
  `Negotiate ${btoa(JSON.stringify({ principal, service }))}`
const desktop = ticket('DESKTOP-7Q2K9LM$@CORP.CONTOSO.COM')

function rst(appliesTo = 'urn:federation:MicrosoftOnline') {
  return (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Body>' +
    '<trust:RequestSecurityToken xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">' +
    `<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><a:EndpointReference><a:Address>${appliesTo}</a:Address></a:EndpointReference></wsp:AppliesTo>` +
    '<trust:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</trust:RequestType></trust:RequestSecurityToken></s:Body></s:Envelope>'
  )
}

const windowsTransport = (authorization: string | undefined, body = rst()) =>
  fetch(WINDOWS_TRANSPORT, {
    method: 'POST',
    headers: {
      'content-type': 'application/soap+xml; charset=utf-8',
      ...(authorization ? { authorization } : {}),
    },
    body,
  })

describe('AD FS Windows-transport endpoint', () => {
  it('issues a DJ assertion with the objectGUID and SID it reads from AD', async () => {
    const { tenant } = emulateTenant(contosoHybrid(true))
    const xml = await processComputerAssertion(await requestComputerAssertion(fetch, STS, desktop))
    const assertion = await verifyAssertion(xml, (await tenant.adfsSigningKey()).publicKey)
    expect(assertion?.authenticationMethod).toBe('urn:federation:authentication:windows')
    expect(assertion?.attributes.get(CLAIMS.accountType)).toEqual(['DJ'])
    expect(assertion?.attributes.get(CLAIMS.onPremObjectGuid)).toEqual([immutableId(COMPUTER.guid)])
    expect(assertion?.attributes.get(CLAIMS.primarySid)).toEqual([COMPUTER.sid])
  })

  it('answers 401 with a Negotiate challenge when there is no ticket', async () => {
    emulateTenant(contosoHybrid(true))
    const response = await windowsTransport(undefined)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Negotiate')
    await expect(processComputerAssertion(response)).rejects.toMatchObject({
      code: 'CREDENTIALS_REJECTED',
      message: "AD FS refused the computer's Windows integrated authentication (HTTP 401).",
    })
  })

  it('refuses a ticket for another service, another realm, or an account AD does not have', async () => {
    emulateTenant(contosoHybrid(true))
    for (const authorization of [
      ticket('DESKTOP-7Q2K9LM$@CORP.CONTOSO.COM', 'HTTP/sts.fabrikam.com'),
      ticket('DESKTOP-7Q2K9LM$@FABRIKAM.COM'),
      ticket('LAPTOP-0000$@CORP.CONTOSO.COM'),
      ticket('adele.vance@CORP.CONTOSO.COM'),
    ]) {
      expect((await windowsTransport(authorization)).status).toBe(401)
    }
  })

  it('answers a SOAP fault for a token request for another relying party', async () => {
    emulateTenant(contosoHybrid(true))
    const response = await windowsTransport(desktop, rst('urn:example:other'))
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toContain('application/soap+xml')
    const text = await response.clone().text()
    expect(text).toContain('<s:Value>s:Sender</s:Value>')
    expect(text).toContain('a:InvalidRequest')
    await expect(processComputerAssertion(response)).rejects.toMatchObject({
      code: 'TOKEN_REJECTED',
      message:
        "AD FS answered with a fault: The relying party 'urn:example:other' is unspecified or unsupported: AD FS only has a trust for urn:federation:MicrosoftOnline here.",
    })
  })
})

async function prtRequest(sign: (jwt: SignJWT) => Promise<string>, authorization = desktop) {
  return fetch(PRT_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      request: await sign(new SignJWT({})),
    }).toString(),
  })
}

describe('AD FS enterprise PRT endpoint', () => {
  it('issues a PRT for a request signed by the key in its header', async () => {
    const { clock } = emulateTenant(contosoHybrid(true))
    const device = await generateKeyPair('RS256')
    const jwk = await exportJWK(device.publicKey)
    const response = await prtRequest((jwt) =>
      jwt
        .setProtectedHeader({ alg: 'RS256', jwk })
        .setAudience(PRT_ENDPOINT)
        .setIssuedAt(clock.now() / 1000)
        .sign(device.privateKey),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      token_type: 'Bearer',
      subject: 'DESKTOP-7Q2K9LM$',
      refresh_token_expires_in: 14 * 24 * 3600,
    })
  })

  it("refuses, in AD FS's OAuth shape, a request signed by another key than the one it names", async () => {
    const { clock } = emulateTenant(contosoHybrid(true))
    const [named, signer] = [await generateKeyPair('RS256'), await generateKeyPair('RS256')]
    const jwk = await exportJWK(named.publicKey)
    const response = await prtRequest((jwt) =>
      jwt
        .setProtectedHeader({ alg: 'RS256', jwk })
        .setAudience(PRT_ENDPOINT)
        .setIssuedAt(clock.now() / 1000)
        .sign(signer.privateKey),
    )
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(Object.keys(body).sort()).toEqual(['error', 'error_description'])
    expect(body.error).toBe('invalid_grant')
    expect(body.error_description).toMatch(/^The "request" JWT is not signed by the device key it names/)
  })

  it('refuses a request made more than five minutes ago on the run clock', async () => {
    const { clock } = emulateTenant(contosoHybrid(true))
    const device = await generateKeyPair('RS256')
    const jwk = await exportJWK(device.publicKey)
    const issuedAt = clock.now() / 1000
    clock.advance(6 * 60_000)
    const response = await prtRequest((jwt) =>
      jwt
        .setProtectedHeader({ alg: 'RS256', jwk })
        .setAudience(PRT_ENDPOINT)
        .setIssuedAt(issuedAt)
        .sign(device.privateKey),
    )
    expect((await response.json()).error).toBe('invalid_grant')
  })

  it('answers 401 with a Negotiate challenge for a caller that is not a computer of the forest', async () => {
    emulateTenant(contosoHybrid(true))
    const response = await prtRequest(async () => 'x.y.z', ticket('LAPTOP-0000$@CORP.CONTOSO.COM'))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Negotiate')
    expect((await response.json()).error).toBe('invalid_client')
  })
})
