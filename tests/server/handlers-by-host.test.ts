import { getResponse } from 'msw'
import { expect, it } from 'vitest'
import { contosoFederated } from '../../mocks/fixtures/tenant.ts'
import { createHandlers } from '../../mocks/handlers.ts'
import { createTenant } from '../../mocks/tenant.ts'
import { handlersByHost } from '../../src/server/handlers-by-host.ts'

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
