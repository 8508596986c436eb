import { http, HttpResponse } from 'msw'
import { errorPage, secondFactorPage, signInPage, tokenPostPage } from './adfs-pages.ts'
import type { UserFixture } from './fixtures/tenant.ts'
import { guidToBytes } from './guid.ts'
import { readForm } from './respond.ts'
import { MICROSOFT_ONLINE, signAssertion, type AssertionContent } from './saml.ts'
import { signAssertion2 } from './saml2.ts'
import { serviceNow, type Tenant } from './tenant.ts'
import { toBase64 } from './x509.ts'

const ASSERTION_LIFETIME_MS = 60 * 60_000
const MFA_WINDOW_MS = 5 * 60_000
const PASSWORD_AUTH = 'urn:oasis:names:tc:SAML:1.0:am:password'

/** AD FS's issuer name, which Azure AD's federation trust for the domain expects. */
export function adfsIssuer(stsHost: string): string {
  return `http://${stsHost}/adfs/services/trust`
}

/**
 * The on-premises STS: the passive sign-in endpoint the realm's AuthURL points at. Rules:
 * - the request is a WS-Federation sign-in (`wa=wsignin1.0`) for a relying party AD FS trusts
 *   (`wtrealm=urn:federation:MicrosoftOnline`), else an error page and no form;
 * - the password is the user's, else the form again with AD FS's words;
 * - a user enrolled for a second factor gets a code form; the code must match within five minutes.
 * It hands back a SAML 1.1 assertion for Azure AD inside an auto-posting form, as AD FS does.
 */
export function createAdfsHandlers(tenant: Tenant) {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost) return []
  const signIn = `https://${stsHost}/adfs/ls/`
  return [
    http.get(signIn, ({ request }) => {
      const refusal = relyingPartyRefusal(request.url)
      if (refusal) return html(errorPage(refusal), 400)
      return html(signInPage(request.url, new URL(request.url).searchParams.get('username') ?? ''))
    }),
    http.post(signIn, async ({ request }) => {
      if (tenant.fixture.unavailable?.includes('adfs'))
        return html(signInPage(request.url, '', 'The service is unavailable.'), 503)
      const refusal = relyingPartyRefusal(request.url)
      if (refusal) return html(errorPage(refusal), 400)
      const form = await readForm(request)
      return form.has('Context')
        ? completeSecondFactor(tenant, request.url, form)
        : checkPassword(tenant, request.url, form)
    }),
  ]
}

// MSIS7007 is AD FS's message for an unknown relying party; its real page shows only an activity ID
// and logs the reason, the emulation puts the reason on the page [unconfirmed wording].
function relyingPartyRefusal(url: string): string | undefined {
  const query = new URL(url).searchParams
  if (query.get('wa') !== 'wsignin1.0')
    return `The request is not a WS-Federation sign-in: "wa" is '${query.get('wa') ?? ''}', not wsignin1.0.`
  const realm = query.get('wtrealm') ?? ''
  if (realm.toLowerCase() !== MICROSOFT_ONLINE.toLowerCase())
    return `MSIS7007: The requested relying party trust '${realm}' is unspecified or unsupported.`
  return undefined
}

function html(body: string, status = 200): Response {
  return new HttpResponse(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } })
}

async function checkPassword(tenant: Tenant, action: string, form: URLSearchParams): Promise<Response> {
  const username = form.get('UserName') ?? ''
  const user = tenant.fixture.users.find(
    (candidate) => candidate.upn.toLowerCase() === username.toLowerCase(),
  )
  if (!user || form.get('Password') !== user.password) {
    return html(signInPage(action, username, 'The user ID or password is incorrect.'))
  }
  if (!user.mfaCode) return issueForUser(tenant, user, new URL(action).searchParams.get('wctx') ?? '', false)
  const context = tenant.deps.newId()
  tenant.pendingMfa.set(context, { upn: user.upn, expires: tenant.deps.now() + MFA_WINDOW_MS })
  return html(secondFactorPage(action, context))
}

async function completeSecondFactor(
  tenant: Tenant,
  action: string,
  form: URLSearchParams,
): Promise<Response> {
  const context = form.get('Context') ?? ''
  const pending = tenant.pendingMfa.get(context)
  const user =
    pending && pending.expires > tenant.deps.now()
      ? tenant.fixture.users.find((candidate) => candidate.upn === pending.upn)
      : undefined
  if (!user) return html(signInPage(action, '', 'The sign-in has expired. Start again.'))
  if (form.get('VerificationCode') !== user.mfaCode)
    return html(secondFactorPage(action, context, 'The verification code is wrong.'))
  tenant.pendingMfa.delete(context)
  return issueForUser(tenant, user, new URL(action).searchParams.get('wctx') ?? '', true)
}

async function issueForUser(
  tenant: Tenant,
  user: UserFixture,
  wctx: string,
  multiFactor: boolean,
): Promise<Response> {
  const assertion = await userAssertion(tenant, user, multiFactor)
  const wresult = `<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust"><t:RequestedSecurityToken>${assertion}</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`
  return html(tokenPostPage(wresult, wctx))
}

/**
 * The assertion AD FS issues to Azure AD for a user who signed in with a password: SAML 1.1, or
 * SAML 2.0 when a WS-Trust client asks for that token type.
 */
export function userAssertion(
  tenant: Tenant,
  user: UserFixture,
  multiFactor: boolean,
  saml2 = false,
): Promise<string> {
  return issueAssertion(
    tenant,
    {
      nameIdentifier: immutableId(user.objectId),
      authenticationMethod: PASSWORD_AUTH,
      attributes: [
        { name: 'UPN', namespace: 'http://schemas.xmlsoap.org/claims', values: [user.upn] },
        {
          name: 'ImmutableID',
          namespace: 'http://schemas.microsoft.com/LiveID/Federation/2008/05',
          values: [immutableId(user.objectId)],
        },
        ...(multiFactor
          ? [
              {
                name: 'authnmethodsreferences',
                namespace: 'http://schemas.microsoft.com/claims',
                values: ['http://schemas.microsoft.com/claims/multipleauthn'],
              },
            ]
          : []),
      ],
    },
    saml2,
  )
}

/** Signs an assertion for Azure AD with AD FS's token-signing key. */
export async function issueAssertion(
  tenant: Tenant,
  content: Pick<AssertionContent, 'nameIdentifier' | 'authenticationMethod' | 'attributes'>,
  saml2 = false,
): Promise<string> {
  const key = await tenant.adfsSigningKey()
  const now = serviceNow(tenant, 'adfs')
  return (saml2 ? signAssertion2 : signAssertion)(
    {
      ...content,
      issuer: adfsIssuer(tenant.fixture.federation?.stsHost ?? ''),
      notBefore: now,
      notOnOrAfter: now + ASSERTION_LIFETIME_MS,
      id: `_${tenant.deps.newId()}`,
    },
    { privateKey: key.privateKey, certificateBase64: String((key.jwk.x5c as string[])[0]) },
  )
}

/** The on-premises objectGUID as Azure AD knows it: base64 of its bytes. */
export function immutableId(objectGuid: string): string {
  return toBase64(guidToBytes(objectGuid))
}
