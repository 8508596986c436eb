import {
  createNgcKey,
  processKeyRegistration,
  processKeyServiceToken,
  rememberHelloKey,
  requestKeyRegistration,
  requestKeyServiceToken,
} from '../device/hello-key.ts'
import type { DeviceKeyPair } from '../device/keys/key-provider.ts'
import {
  buildPrtRequest,
  processPrtResponse,
  processServerNonce,
  rememberPrt,
  requestPrt,
  requestServerNonce,
} from '../device/prt.ts'
import { JoinError } from '../device/errors.ts'
import { DRS, LOGIN } from '../device/well-known.ts'
import type { FlowActors } from '../../machines/actors.ts'
import type { RunDeps } from './deps.ts'

export type AfterJoinActorName = 'requestPrimaryRefreshToken' | 'registerHelloKey'

/** The optional phases after a cloud join: the first sign-in's PRT, then the Windows Hello key. */
export function afterJoinActors(deps: RunDeps): Pick<FlowActors, AfterJoinActorName> {
  const { fetch, keys, store } = deps
  const keyPair = (containerId: string, what: string): DeviceKeyPair => {
    const key = store.keys.get(containerId)
    if (!key) throw new JoinError('KEY_GENERATION_FAILED', `The ${what} is not in the device's key store.`)
    return key
  }
  return {
    requestPrimaryRefreshToken: async (input) => {
      const nonce = await processServerNonce(await requestServerNonce(fetch))
      const request = await buildPrtRequest({
        deviceKey: keyPair(input.keys.deviceKeyContainerId, 'device key'),
        certificatePem: input.join.certificatePem,
        nonce,
        credential: input.credential,
      })
      const issued = await processPrtResponse(
        await requestPrt(fetch, request),
        keyPair(input.keys.transportKeyContainerId, 'transport key'),
      )
      rememberPrt(store, issued, deps.clock.now())
      return issued.prt
    },
    registerHelloKey: async (input) => {
      const tokenEndpoint = `${input.drs?.authority ?? `${LOGIN}/common/`}oauth2/token`
      const accessToken = await processKeyServiceToken(
        await requestKeyServiceToken(fetch, tokenEndpoint, input.prt.refreshToken),
      )
      const ngcKey = await createNgcKey(keys)
      const registered = await processKeyRegistration(
        await requestKeyRegistration(fetch, {
          endpoint: input.drs?.keyProvisionEndpoint ?? `${DRS}/EnrollmentServer/key/`,
          serviceVersion: input.drs?.keyServiceVersion ?? '1.0',
          accessToken,
          ngcKey,
        }),
        { upn: input.prt.upn, ngcKey },
      )
      rememberHelloKey(store, ngcKey, registered)
      return registered
    },
  }
}
