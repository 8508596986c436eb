import type { DeviceStore } from './device-store.ts'
import { JoinError } from './errors.ts'
import { readJson, requireString, send } from './http.ts'
import type { KeyProvider, DeviceKeyPair } from './keys/key-provider.ts'
import { transportKeyBase64 } from './transport-key.ts'
import { DRS_RESOURCE, WINDOWS_SIGN_IN_CLIENT_ID } from './well-known.ts'
import type { HelloKey } from '../trace/ports.ts'

/**
 * Windows Hello for Business, step one: a DRS token for the signed-in user on this device, got with
 * the PRT. It carries `deviceid`, and the `amr` of the sign-in behind the PRT, which is what the key
 * service checks for a second factor. (Windows signs this request with the session key; the emulated
 * tenant takes the PRT as a plain refresh token of the Windows sign-in client.)
 */
export function requestKeyServiceToken(fetcher: typeof fetch, tokenEndpoint: string, prt: string) {
  return send(fetcher, tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: WINDOWS_SIGN_IN_CLIENT_ID,
      resource: DRS_RESOURCE,
      refresh_token: prt,
    }).toString(),
  })
}

export async function processKeyServiceToken(response: Response): Promise<string> {
  const body = await readJson(response, 'token response')
  if (!response.ok)
    throw new JoinError('TOKEN_REJECTED', firstLine(body.error_description) ?? `HTTP ${response.status}`, {
      cause: body,
    })
  return requireString(body, 'access_token', 'token response')
}

/** Step two: the user's NGC key pair, made by the same provider as the device's keys (the TPM when there is one). */
export async function createNgcKey(keys: KeyProvider): Promise<DeviceKeyPair> {
  try {
    return await keys.createKeyPair('ngc')
  } catch (error) {
    throw new JoinError(
      'KEY_GENERATION_FAILED',
      `${keys.name} could not create the Windows Hello key: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
}

/**
 * Step three: `POST {KeySrvUrl}?api-version=1.0` with `{"kngc": <base64 BCRYPT_RSAKEY_BLOB>}` and the
 * DRS token (MS-KPP 3.1.5.1.1; body as roadtx register_winhello_key sends it).
 */
export function requestKeyRegistration(
  fetcher: typeof fetch,
  request: { endpoint: string; serviceVersion: string; accessToken: string; ngcKey: DeviceKeyPair },
): Promise<Response> {
  return send(fetcher, `${request.endpoint}?api-version=${encodeURIComponent(request.serviceVersion)}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${request.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ kngc: transportKeyBase64(request.ngcKey.publicKeySpki) }),
  })
}

/**
 * The key service's answer: 200 `{kid, upn}` for the user who signed in; otherwise MS-KPP's
 * ErrorDetails, whose `message` says why (401: the token, e.g. no multi-factor `amr`; 400: the request).
 */
export async function processKeyRegistration(
  response: Response,
  expected: { upn: string; ngcKey: DeviceKeyPair },
): Promise<HelloKey> {
  const body = await readJson(response, 'key registration answer')
  if (!response.ok) {
    const code = response.status === 401 ? 'TOKEN_REJECTED' : 'JOIN_REJECTED'
    const words = firstLine(body.message) ?? String(body.code ?? `HTTP ${response.status}`)
    throw new JoinError(
      code,
      `The key service answered ${response.status} ${String(body.code ?? '')}: ${words}`,
      {
        cause: body,
      },
    )
  }
  const kid = requireString(body, 'kid', 'key registration answer')
  const upn = requireString(body, 'upn', 'key registration answer')
  if (upn.toLowerCase() !== expected.upn.toLowerCase())
    throw new JoinError(
      'RESPONSE_MALFORMED',
      `The key service registered the key for ${upn}, not ${expected.upn}.`,
      {
        cause: body,
      },
    )
  return { kid, upn, keyContainerId: expected.ngcKey.containerId }
}

function firstLine(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.split('\r\n')[0] : undefined
}

/** Keeps the registered key's container and kid, which `dsregcmd /status` reports as NgcSet/NgcKeyId. */
export function rememberHelloKey(store: DeviceStore, ngcKey: DeviceKeyPair, key: HelloKey): void {
  store.keys.set(ngcKey.containerId, ngcKey)
  store.ngc = { keyContainerId: ngcKey.containerId, kid: key.kid }
}
