import { getResponse } from 'msw'
import { expect, it } from 'vitest'
import { contosoFederated, contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { createHandlers } from '../../mocks/handlers.ts'
import { createTenant } from '../../mocks/tenant.ts'
import { handlersByHost, handlersForMethod } from '../../src/server/handlers-by-host.ts'

it('gives each tunnel the handlers of its host, in order, and keeps those that match any host', async () => {
  const tenant = createTenant(contosoFederated(), {
    now: () => Date.UTC(2026, 0, 15, 9),
    newId: () => crypto.randomUUID(),
  })
  const handlers = createHandlers(tenant)
  const hosts = ['login.microsoftonline.com', 'enterpriseregistration.windows.net', 'sts.contoso.com']
  const byHost = handlersByHost(handlers, hosts)
  for (const host of hosts) {
    const bucket = byHost.get(host)!
    expect(bucket.length).toBeLessThan(handlers.length)
    // Same relative order as the full list: the first handler that matches still wins.
    expect(bucket.map((handler) => handlers.indexOf(handler))).toEqual(
      bucket.map((handler) => handlers.indexOf(handler)).sort((a, b) => a - b),
    )
    // The malformed-escape guard matches by predicate: every host keeps it.
    const malformed = await getResponse(bucket, new Request(`https://${host}/common/userrealm/%FF`))
    expect(malformed?.status).toBe(400)
  }
  const realm = 'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=1.0'
  expect((await getResponse(byHost.get('login.microsoftonline.com')!, new Request(realm)))?.status).toBe(200)
  expect(
    await getResponse(byHost.get('enterpriseregistration.windows.net')!, new Request(realm)),
  ).toBeUndefined()
})

it("narrows a host's handlers to those that can answer the method, same order, and the answers stay the same", async () => {
  const tenant = createTenant(contosoManaged(), {
    now: () => Date.UTC(2026, 0, 15, 9),
    newId: () => crypto.randomUUID(),
  })
  const login = handlersByHost(createHandlers(tenant), ['login.microsoftonline.com']).get(
    'login.microsoftonline.com',
  )!
  const gets = handlersForMethod(login, 'get')
  const posts = handlersForMethod(login, 'POST')
  expect(gets.length + posts.length).toBeLessThan(2 * login.length)
  expect(gets.map((handler) => login.indexOf(handler))).toEqual(
    gets.map((handler) => login.indexOf(handler)).sort((a, b) => a - b),
  )
  expect(handlersForMethod(login, 'GET')).toBe(gets) // made once per host and method
  const realm = 'https://login.microsoftonline.com/common/userrealm/adele.vance%40contoso.com?api-version=1.0'
  expect((await getResponse(gets, new Request(realm)))?.status).toBe(200)
  expect(await getResponse(posts, new Request(realm, { method: 'POST' }))).toBeUndefined()
  const token = new Request('https://login.microsoftonline.com/contoso.com/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&client_id=1b730954-1685-4b74-9bfd-dac224a7b894&resource=01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9&username=adele.vance%40contoso.com&password=Pa55w.rd-Contoso',
  })
  expect((await getResponse(posts, token))?.status).toBe(200)
})
