import { describe, expect, it } from 'vitest'
import { JoinError } from '../../src/device/errors.ts'
import { processDrsDiscovery } from '../../src/device/drs-discovery.ts'
import { processJoinResponse } from '../../src/device/join.ts'
import { processTokenResponse } from '../../src/device/token.ts'
import { processUserRealm } from '../../src/device/user-realm.ts'

const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(JoinError)
  return { code: (error as JoinError).code, message: (error as JoinError).message }
}

describe('processing what the services answer', () => {
  it('reads a realm answer of Unknown as USER_NOT_FOUND', async () => {
    expect(await failure(processUserRealm(json({ NameSpaceType: 'Unknown' }), 'x@fabrikam.com'))).toEqual({
      code: 'USER_NOT_FOUND',
      message: 'Azure AD does not know the domain of "x@fabrikam.com" (NameSpaceType "Unknown").',
    })
  })

  it('reads a federated realm answer with its AuthURL', async () => {
    const realm = await processUserRealm(
      json({
        NameSpaceType: 'Federated',
        DomainName: 'contoso.com',
        AuthURL: 'https://sts.contoso.com/adfs/ls/',
      }),
      'a@contoso.com',
    )
    expect(realm).toEqual({
      kind: 'federated',
      domain: 'contoso.com',
      authUrl: 'https://sts.contoso.com/adfs/ls/',
      activeAuthUrl: undefined,
    })
  })

  it('turns a token answer that is not JSON into RESPONSE_MALFORMED', async () => {
    expect(await failure(processTokenResponse(json('<html>proxy error</html>')))).toEqual({
      code: 'RESPONSE_MALFORMED',
      message: 'The token response is not a JSON object.',
    })
  })

  it('names the missing member of a discovery document', async () => {
    expect(await failure(processDrsDiscovery(json({ DeviceJoinService: {} })))).toEqual({
      code: 'RESPONSE_MALFORMED',
      message: 'The DRS discovery document has no "DeviceJoinService.JoinEndpoint".',
    })
  })

  it("reads a DRS 401 as TOKEN_REJECTED and a 400 as JOIN_REJECTED, with DRS's message", async () => {
    const body = {
      ErrorType: 'AuthenticationError',
      Message: 'The access token has expired.',
      TraceId: 't',
      Time: '01-01-2026 00:00:00Z',
    }
    expect(await failure(processJoinResponse(json(body, 401)))).toEqual({
      code: 'TOKEN_REJECTED',
      message: 'The access token has expired.',
    })
    expect(
      await failure(processJoinResponse(json({ ...body, ErrorType: 'InvalidRequest', Message: 'bad' }, 400))),
    ).toEqual({ code: 'JOIN_REJECTED', message: 'bad' })
  })

  it('refuses a join answer whose RawBody is not a certificate', async () => {
    expect(
      await failure(processJoinResponse(json({ Certificate: { RawBody: 'AAAA', Thumbprint: '' } }))),
    ).toEqual({
      code: 'RESPONSE_MALFORMED',
      message: '"Certificate.RawBody" is not a DER certificate.',
    })
  })
})

describe('checking the ID token', () => {
  it('refuses an ID token signed by a key Azure AD did not publish', async () => {
    const { generateKeyPair, exportJWK, SignJWT } = await import('jose')
    const published = await generateKeyPair('RS256')
    const other = await generateKeyPair('RS256')
    const jwk = { ...(await exportJWK(published.publicKey)), kid: 'k1', use: 'sig' }
    const now = Date.parse('2026-01-15T09:00:00Z')
    const idToken = await new SignJWT({ tid: 't' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://sts.windows.net/t/')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 3600)
      .sign(other.privateKey)
    const response = json({ access_token: 'a.b.c', id_token: idToken })
    const check = { signingKeys: { keys: [jwk] }, issuer: 'https://sts.windows.net/t/', now }
    expect(await failure(processTokenResponse(response, check))).toEqual({
      code: 'TOKEN_REJECTED',
      message:
        'The "id_token" does not verify against Azure AD\'s published keys: signature verification failed',
    })
  })
})
