/**
 * An outside client: @azure/msal-node as an application would use it, behind HTTPS_PROXY with the
 * proxy's CA in NODE_EXTRA_CA_CERTS (read by Node at start, hence a child process). MSAL Node 5+
 * fetches with Node's own fetch and dropped `proxyUrl`; its documented way to a proxy is
 * `system.networkClient` (v5 migration guide), here undici's fetch through EnvHttpProxyAgent.
 * Prints one JSON line per step on stdout; a device code's message goes out before polling.
 *
 * usage: node msal-node.mts password <upn> <password> <scope…>
 *        node msal-node.mts device-code <scope…>
 */
import { PublicClientApplication, type INetworkModule, type NetworkRequestOptions } from '@azure/msal-node'
import { EnvHttpProxyAgent, fetch } from 'undici'

const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const dispatcher = new EnvHttpProxyAgent()

async function send(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions) {
  const response = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher })
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: (await response.json()) as never,
  }
}

const networkClient: INetworkModule = {
  sendGetRequestAsync: (url, options) => send(url, 'GET', options),
  sendPostRequestAsync: (url, options) => send(url, 'POST', options),
}

const app = new PublicClientApplication({
  auth: { clientId: AZURE_CLI, authority: 'https://login.microsoftonline.com/contoso.com' },
  system: { networkClient },
})

const print = (step: string, value: unknown) => console.log(JSON.stringify({ step, ...(value as object) }))

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2)
  if (mode === 'password') {
    const [username = '', password = '', ...scopes] = rest
    const first = await app.acquireTokenByUsernamePassword({ username, password, scopes })
    print('password', summary(first))
    const [account] = await app.getTokenCache().getAllAccounts()
    if (!account) throw new Error('no account in the cache after sign-in')
    const cached = await app.acquireTokenSilent({ account, scopes })
    print('silent', summary(cached))
    const refreshed = await app.acquireTokenSilent({ account, scopes, forceRefresh: true })
    print('refreshed', summary(refreshed))
    return
  }
  if (mode === 'device-code') {
    const result = await app.acquireTokenByDeviceCode({
      scopes: rest,
      deviceCodeCallback: (answer) =>
        print('device-code', { userCode: answer.userCode, message: answer.message }),
    })
    return print('device-code-result', summary(result))
  }
  throw new Error(`unknown mode ${mode ?? ''}`)
}

function summary(result: Awaited<ReturnType<typeof app.acquireTokenSilent>> | null) {
  if (!result) throw new Error('no result')
  return {
    accessToken: result.accessToken,
    idToken: result.idToken,
    fromCache: result.fromCache,
    scopes: result.scopes,
    username: result.account?.username,
    homeAccountId: result.account?.homeAccountId,
    tenantId: result.tenantId,
    expiresOn: result.expiresOn?.toISOString(),
  }
}

main().catch((error: unknown) => {
  const details = error as { errorCode?: string; errorMessage?: string; message?: string }
  print('error', { errorCode: details.errorCode, message: details.errorMessage ?? details.message })
  process.exit(1)
})
