import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'
import { assertionOf, rst, usernamePasswordEndpoints } from '../support/ws-trust-client.ts'
import { viaProxy } from './tunnel-client.ts'

let server: RunningServer
let ca = ''
beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-fed-')),
    fixture: contosoFederated(),
    log: () => {},
  })
  ca = readFileSync(server.caPath, 'utf8')
})
afterAll(() => server.close())

describe('a federated user signing in from a client through npm run serve', () => {
  it('follows the realm to the MEX, signs in at usernamemixed (WS-Trust 1.3) and redeems the assertion at v2.0', async () => {
    const realm = await viaProxy(
      server.port,
      'https://login.microsoftonline.com/common/userrealm/megan.bowen%40contoso.com?api-version=1.0',
      { ca },
    )
    const { federation_metadata_url: mexUrl } = JSON.parse(realm.body)
    const mex = await viaProxy(server.port, mexUrl, { ca })
    const url = usernamePasswordEndpoints(mex.body).get(
      'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue',
    )!
    expect(url).toBe('https://sts.contoso.com/adfs/services/trust/13/usernamemixed')
    const expires = new Date(Date.now() + 5 * 60_000).toISOString()
    const rstr = await viaProxy(server.port, url, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: rst('13', url, 'megan.bowen@contoso.com', 'Pa55w.rd-Megan', expires),
    })
    expect(rstr.status).toBe(200)
    const token = await viaProxy(
      server.port,
      'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token',
      {
        ca,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer',
          client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
          scope: 'https://management.azure.com/.default openid offline_access',
          assertion: Buffer.from(assertionOf(rstr.body)).toString('base64'),
        }).toString(),
      },
    )
    expect(token.status).toBe(200)
    const answer = JSON.parse(token.body)
    expect(decodeJwt(answer.id_token).preferred_username).toBe('megan.bowen@contoso.com')
    expect(decodeJwt(answer.access_token).aud).toBe('https://management.azure.com')
  })
})
