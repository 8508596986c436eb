import { processDrsDiscovery, requestDrsDiscovery } from '../device/drs-discovery.ts'
import { processJoinResponse, requestJoin } from '../device/join.ts'
import { createKeyMaterial } from '../device/key-material.ts'
import {
  processOpenIdConfiguration,
  processSigningKeys,
  requestOpenIdConfiguration,
  requestSigningKeys,
} from '../device/openid-configuration.ts'
import { completeRegistration } from '../device/registration.ts'
import { processTermsOfUse, requestTermsOfUse } from '../device/terms-of-use.ts'
import {
  postSecondFactor,
  postStsCredentials,
  processStsAnswer,
  processStsSignInPage,
  requestStsSignInPage,
} from '../device/sts-sign-in.ts'
import { processTokenResponse, requestPasswordToken, requestSamlBearerToken } from '../device/token.ts'
import { processUserRealm, requestUserRealm } from '../device/user-realm.ts'
import type { OpenIdConfiguration } from '../trace/ports.ts'
import { DRS } from '../device/well-known.ts'
import type { FlowActors } from '../../machines/actors.ts'
import type { RunDeps } from './deps.ts'

export type CloudActorName =
  | 'fetchOpenIdConfiguration'
  | 'discoverUserRealm'
  | 'requestUserToken'
  | 'fetchTermsOfUse'
  | 'openStsSignIn'
  | 'postStsCredentials'
  | 'postSecondFactor'
  | 'redeemAssertion'
  | 'discoverDrs'
  | 'createKeyMaterial'
  | 'joinDevice'
  | 'completeRegistration'

/** The real actors for the machines' placeholders: device code wired to this run's I/O. */
export function deviceActors(deps: RunDeps): Pick<FlowActors, CloudActorName> {
  const { fetch, keys, store } = deps
  // Flows that fetched Azure AD's keys in phase A check every ID token with them.
  const idTokenCheck = (openId: OpenIdConfiguration | undefined) =>
    openId?.signingKeys
      ? { signingKeys: openId.signingKeys, issuer: openId.issuer, now: deps.clock.now() }
      : undefined
  return {
    fetchOpenIdConfiguration: async (input) => {
      const configuration = await processOpenIdConfiguration(
        await requestOpenIdConfiguration(fetch, input.tenant),
      )
      return {
        ...configuration,
        signingKeys: await processSigningKeys(await requestSigningKeys(fetch, configuration.jwksUri)),
      }
    },
    discoverUserRealm: async (input) =>
      processUserRealm(await requestUserRealm(fetch, input.username), input.username),
    requestUserToken: async (input) =>
      processTokenResponse(
        await requestPasswordToken(fetch, input.tokenEndpoint, input.username, input.password),
        idTokenCheck(input.openId),
      ),
    fetchTermsOfUse: async (input) => processTermsOfUse(await requestTermsOfUse(fetch, input.url)),
    openStsSignIn: async (input) =>
      processStsSignInPage(await requestStsSignInPage(fetch, input.authUrl), input.authUrl),
    postStsCredentials: async (input) =>
      processStsAnswer(await postStsCredentials(fetch, input.action, input.username, input.password)),
    postSecondFactor: async (input) =>
      processStsAnswer(await postSecondFactor(fetch, input.action, input.context, input.code)),
    redeemAssertion: async (input) =>
      processTokenResponse(
        await requestSamlBearerToken(fetch, input.tokenEndpoint, input.assertion),
        idTokenCheck(input.openId),
      ),
    discoverDrs: async (input) => processDrsDiscovery(await requestDrsDiscovery(fetch, input.domain)),
    createKeyMaterial: async () => createKeyMaterial(keys, store),
    joinDevice: async (input) =>
      processJoinResponse(
        await requestJoin(fetch, {
          // Without discovery (hybrid federated) the task uses DRS's well-known join endpoint.
          joinEndpoint: input.drs?.joinEndpoint ?? `${DRS}/EnrollmentServer/device/`,
          serviceVersion: input.drs?.joinServiceVersion ?? '2.0',
          accessToken: input.tokens.accessToken,
          csrBase64: input.keys.csrBase64,
          transportKey: input.keys.transportKey,
          targetDomain: input.domain,
          deviceDisplayName: input.deviceName,
          joinType: input.joinType,
        }),
      ),
    completeRegistration: async (input) => completeRegistration(store, input),
  }
}
