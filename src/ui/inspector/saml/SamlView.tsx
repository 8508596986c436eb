import '../../explain/explain.css'
import type { SamlAssertion, SignatureCheck } from '../../../decode/saml.ts'
import type { WsTrustMessage } from '../../../decode/ws-trust.ts'

/** A SAML assertion as fields, its times readable and its signature checked. Text only. */
export function SamlView({ assertion, signature }: { assertion: SamlAssertion; signature: SignatureCheck }) {
  const rows: Array<[string, string | undefined]> = [
    ['SAML version', assertion.version],
    ['Issuer', assertion.issuer],
    ['Audience', assertion.audiences.join(', ')],
    ['NameID', `${assertion.nameId}${assertion.nameIdFormat ? ` (${assertion.nameIdFormat})` : ''}`],
    [
      'ImmutableID',
      assertion.immutableId
        ? `${assertion.immutableId.value} (from the ${assertion.immutableId.from}${assertion.immutableId.guid ? `; as a GUID ${assertion.immutableId.guid}` : ''})`
        : undefined,
    ],
    ['Subject confirmation', assertion.confirmationMethod],
    ['Valid from', readable(assertion.notBefore)],
    ['Valid until', readable(assertion.notOnOrAfter)],
    ['Authentication', assertion.authenticationMethod],
    ['Authenticated at', readable(assertion.authenticationInstant)],
    ['Assertion ID', assertion.id],
  ]
  return (
    <>
      <p className={`signature signature-${signature.status.replace(' ', '-')}`}>
        Signature: {signature.status}
      </p>
      <p className="signature-certificate">
        {signature.reason}.
        {signature.certificate
          ? ` Signing certificate: ${signature.certificate.subject}, SHA-1 ${signature.certificate.thumbprintSha1}, valid to ${readable(signature.certificate.notAfter)}. Azure AD accepts it only if the domain's federation trust names this certificate.`
          : ''}
      </p>
      <dl className="fields" aria-label="SAML assertion fields">
        {rows
          .filter((row): row is [string, string] => Boolean(row[1]))
          .map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h5>Claims</h5>
      <dl className="fields saml-claims" aria-label="SAML claims">
        {assertion.claims.map((claim, index) => (
          <div key={`${claim.name}-${index}`}>
            <dt>{claim.namespace ? `${claim.namespace}/${claim.name}` : claim.name}</dt>
            <dd>{claim.values.join(', ')}</dd>
          </div>
        ))}
      </dl>
    </>
  )
}

/** A WS-Trust message: its action named, the envelope indented. */
export function WsTrustView({ message }: { message: WsTrustMessage }) {
  return (
    <>
      <p className="ws-trust-action">
        {message.actionName}
        {message.action ? ` · ${message.action}` : ''}
      </p>
      {message.appliesTo ? <p>For (AppliesTo): {message.appliesTo}</p> : null}
      {message.fault ? <p className="ws-trust-fault">Fault: {message.fault}</p> : null}
      {message.assertionCount > 0 ? (
        <p>
          Carries {message.assertionCount === 1 ? 'one assertion' : `${message.assertionCount} assertions`},
          decoded below.
        </p>
      ) : null}
      <pre className="body">{message.pretty}</pre>
    </>
  )
}

function readable(iso: string | undefined): string | undefined {
  if (!iso) return undefined
  const at = Date.parse(iso)
  return Number.isNaN(at)
    ? `${iso} (not a date)`
    : new Date(at)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
}
