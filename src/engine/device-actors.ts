import { fromPromise } from 'xstate'
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
import type {
  DrsEndpoints,
  JoinResult,
  KeyMaterial,
  OpenIdConfiguration,
  StsAnswer,
  TenantIdentity,
  Tokens,
  UserRealm,
} from '../trace/ports.ts'
import { DRS } from '../device/well-known.ts'
import type { RunDeps } from './deps.ts'

/** The real actors for the machines' placeholders: device code wired to this run's I/O. */
export function deviceActors(deps: RunDeps) {
  const { fetch, keys, store } = deps
  // Flows that fetched Azure AD's keys in phase A check every ID token with them.
  const idTokenCheck = (openId: OpenIdConfiguration | undefined) =>
    openId?.signingKeys
      ? { signingKeys: openId.signingKeys, issuer: openId.issuer, now: deps.clock.now() }
      : undefined
  return {
    fetchOpenIdConfiguration: fromPromise<OpenIdConfiguration, { tenant: string }>(async ({ input }) => {
      const configuration = await processOpenIdConfiguration(
        await requestOpenIdConfiguration(fetch, input.tenant),
      )
      return {
        ...configuration,
        signingKeys: await processSigningKeys(await requestSigningKeys(fetch, configuration.jwksUri)),
      }
    }),
    discoverUserRealm: fromPromise<UserRealm, { username: string }>(async ({ input }) =>
      processUserRealm(await requestUserRealm(fetch, input.username), input.username),
    ),
    requestUserToken: fromPromise<
      Tokens,
      { tokenEndpoint: string; username: string; password: string; openId?: OpenIdConfiguration }
    >(async ({ input }) =>
      processTokenResponse(
        await requestPasswordToken(fetch, input.tokenEndpoint, input.username, input.password),
        idTokenCheck(input.openId),
      ),
    ),
    fetchTermsOfUse: fromPromise<string, { url: string }>(async ({ input }) =>
      processTermsOfUse(await requestTermsOfUse(fetch, input.url)),
    ),
    openStsSignIn: fromPromise<string, { authUrl: string }>(async ({ input }) =>
      processStsSignInPage(await requestStsSignInPage(fetch, input.authUrl)),
    ),
    postStsCredentials: fromPromise<StsAnswer, { action: string; username: string; password: string }>(
      async ({ input }) =>
        processStsAnswer(await postStsCredentials(fetch, input.action, input.username, input.password)),
    ),
    postSecondFactor: fromPromise<StsAnswer, { action: string; context: string; code: string }>(
      async ({ input }) =>
        processStsAnswer(await postSecondFactor(fetch, input.action, input.context, input.code)),
    ),
    redeemAssertion: fromPromise<
      Tokens,
      { tokenEndpoint: string; assertion: string; openId?: OpenIdConfiguration }
    >(async ({ input }) =>
      processTokenResponse(
        await requestSamlBearerToken(fetch, input.tokenEndpoint, input.assertion),
        idTokenCheck(input.openId),
      ),
    ),
    discoverDrs: fromPromise<DrsEndpoints, { domain: string }>(async ({ input }) =>
      processDrsDiscovery(await requestDrsDiscovery(fetch, input.domain)),
    ),
    createKeyMaterial: fromPromise<KeyMaterial, Record<string, never>>(() => createKeyMaterial(keys, store)),
    joinDevice: fromPromise<
      JoinResult,
      {
        drs?: DrsEndpoints
        tokens: Tokens
        keys: KeyMaterial
        domain: string
        deviceName: string
        joinType: 0 | 6
      }
    >(async ({ input }) =>
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
    ),
    completeRegistration: fromPromise<
      void,
      { join: JoinResult; keys: KeyMaterial; tenant: TenantIdentity; drs?: DrsEndpoints }
    >(({ input }) => completeRegistration(store, input)),
  }
}
