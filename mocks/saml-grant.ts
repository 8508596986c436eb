import { base64url } from 'jose'
import { adfsIssuer, immutableId } from './adfs.ts'
import { CLAIMS } from './adfs-windows-transport.ts'
import { ProtocolError } from './protocol-error.ts'
import { MICROSOFT_ONLINE, verifyAssertion, type VerifiedAssertion } from './saml.ts'
import { SAML2_NS, verifyAssertion2 } from './saml2.ts'
import { serviceNow, type Tenant } from './tenant.ts'
import type { SignIn } from './refresh-tokens.ts'
import { userIdClaims } from './tokens.ts'

const CLOCK_SKEW_MS = 5 * 60_000
export const SAML_BEARER = 'urn:ietf:params:oauth:grant-type:saml1_1-bearer'
export const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer'

/**
 * Azure AD redeeming an AD FS assertion (grant saml1_1-bearer). Rules:
 * - the domain is federated, and the assertion is base64url XML;
 * - its signature verifies with the token-signing key the federation trust names (tenant.federationTrustKey);
 * - issuer is that AD FS, audience is urn:federation:MicrosoftOnline, and it is valid now (run clock);
 * - its UPN is a user of the tenant.
 */
export async function samlGrant(
  tenant: Tenant,
  form: URLSearchParams,
  clientId: string,
  version: 'saml1' | 'saml2' = 'saml1',
): Promise<SignIn> {
  const assertion = await requireTrustedAssertion(tenant, form.get('assertion') ?? '', version)
  if (assertion.attributes.get(CLAIMS.accountType)?.includes('DJ'))
    return computerGrant(tenant, assertion, clientId)
  const upn = assertion.attributes.get('http://schemas.xmlsoap.org/claims/UPN')?.[0]?.toLowerCase()
  const user = tenant.fixture.users.find((candidate) => candidate.upn.toLowerCase() === upn)
  if (!user) throw invalid(`The assertion names user '${upn ?? ''}', who is not in the directory.`, 50034)
  const multiFactor = assertion.attributes
    .get('http://schemas.microsoft.com/claims/authnmethodsreferences')
    ?.includes('http://schemas.microsoft.com/claims/multipleauthn')
  return {
    clientId,
    subject: { objectId: user.objectId, upn: user.upn, displayName: user.displayName },
    amr: multiFactor ? ['pwd', 'mfa'] : ['pwd'],
    extraIdClaims: userIdClaims(tenant),
  }
}

/**
 * A domain computer's assertion (accounttype DJ): Azure AD finds the computer by its objectGUID and
 * issues a token carrying the device claims DRS needs for a hybrid join.
 */
function computerGrant(tenant: Tenant, assertion: VerifiedAssertion, clientId: string): SignIn {
  const objectGuidB64 = assertion.attributes.get(CLAIMS.onPremObjectGuid)?.[0] ?? ''
  const computer = tenant.fixture.onPremises?.computers.find(
    (candidate) => immutableId(candidate.objectGuid) === objectGuidB64,
  )
  if (!computer) throw invalid('The assertion names a computer that is not in the directory.', 50034)
  return {
    clientId,
    subject: { objectId: computer.objectGuid, displayName: computer.name },
    amr: ['wia'],
    extraClaims: {
      accounttype: 'DJ',
      onprem_objectguid: computer.objectGuid,
      onprem_sid: assertion.attributes.get(CLAIMS.primarySid)?.[0] ?? '',
    },
  }
}

async function requireTrustedAssertion(
  tenant: Tenant,
  encoded: string,
  version: 'saml1' | 'saml2',
): Promise<VerifiedAssertion> {
  const stsHost = tenant.fixture.federation?.stsHost
  if (!stsHost)
    throw invalid('The domain is not federated: no federation trust accepts this assertion.', 50107)
  let xml: string
  // roadtx and MSAL Python send it in standard base64, Windows in base64url: both are read.
  try {
    xml = new TextDecoder().decode(
      base64url.decode(encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
    )
  } catch {
    throw invalid('The "assertion" is not base64.', 50008)
  }
  // The grant names the assertion's version: a SAML 1.1 assertion is no saml2-bearer grant, nor the reverse.
  const isSaml2 = xml.includes(`xmlns:saml="${SAML2_NS}"`)
  if (isSaml2 !== (version === 'saml2'))
    throw invalid(
      `The assertion is SAML ${isSaml2 ? '2.0' : '1.1'}, but the grant is ${version === 'saml2' ? SAML2_BEARER : SAML_BEARER}.`,
      50008,
    )
  const trustKey = (await tenant.federationTrustKey()).publicKey
  const assertion = isSaml2 ? await verifyAssertion2(xml, trustKey) : await verifyAssertion(xml, trustKey)
  if (!assertion)
    throw invalid('The SAML token signature does not verify against the federation trust.', 50008)
  if (assertion.issuer !== adfsIssuer(stsHost))
    throw invalid(`The SAML token issuer '${assertion.issuer}' is not the federated domain's.`, 50107)
  if (assertion.audience !== MICROSOFT_ONLINE)
    throw invalid(`The SAML token audience '${assertion.audience}' is not ${MICROSOFT_ONLINE}.`, 50008)
  const now = serviceNow(tenant, 'azure-ad')
  if (!(now + CLOCK_SKEW_MS >= assertion.notBefore && now < assertion.notOnOrAfter))
    throw invalid('The SAML token is expired or not yet valid.', 50013)
  return assertion
}

function invalid(message: string, code: number): ProtocolError {
  return new ProtocolError('azure-ad', 400, 'invalid_grant', message, code)
}
