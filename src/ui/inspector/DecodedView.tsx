import type { ReactNode } from 'react'
import { ClaimsView } from './claims/ClaimsView.tsx'
import type { Decoded } from './decode-payload.ts'
import { SamlView, WsTrustView } from './saml/SamlView.tsx'
import { Fields } from '../Fields.tsx'

/** A decoded token, certificate, request or key blob, as labelled fields. */
export function DecodedView({ entry }: { entry: Decoded }) {
  switch (entry.kind) {
    case 'jwt':
      return (
        <Card title="JWT" where={entry.where}>
          <p className={`signature signature-${entry.jwt.signature.replace(' ', '-')}`}>
            Signature: {entry.jwt.signature}
            {entry.jwt.reason ? ` (${entry.jwt.reason})` : ''}
          </p>
          <h5>Header</h5>
          <pre className="body">{JSON.stringify(entry.jwt.header, null, 2)}</pre>
          <h5>Claims</h5>
          <ClaimsView claims={entry.claims} />
          <details>
            <summary>Claims as JSON</summary>
            <pre className="body">{JSON.stringify(entry.jwt.claims, null, 2)}</pre>
          </details>
        </Card>
      )
    case 'saml':
      return (
        <Card title={`SAML ${entry.assertion.version} assertion`} where={entry.where}>
          <SamlView assertion={entry.assertion} signature={entry.signature} />
        </Card>
      )
    case 'ws-trust':
      return (
        <Card title="WS-Trust message" where={entry.where}>
          <WsTrustView message={entry.message} />
        </Card>
      )
    case 'certificate': {
      const { certificate } = entry
      return (
        <Card title="Certificate" where={entry.where}>
          <Fields
            rows={[
              ['Subject', certificate.subject],
              ['Issuer', certificate.issuer],
              ['Valid from', certificate.notBefore],
              ['Valid to', certificate.notAfter],
              ['Serial number', certificate.serialNumber],
              ['Thumbprint (SHA-1)', certificate.thumbprintSha1],
              [
                'Public key',
                `${certificate.key.algorithm}${certificate.key.size ? ` ${certificate.key.size} bits` : ''}`,
              ],
              ['Signature algorithm', certificate.signatureAlgorithm],
            ]}
          />
          <h5>Extensions</h5>
          <Fields
            rows={certificate.extensions.map((extension) => [
              `${extension.name} (${extension.oid})${extension.critical ? ', critical' : ''}`,
              extension.value,
            ])}
          />
        </Card>
      )
    }
    case 'csr':
      return (
        <Card title="Certificate request (PKCS#10)" where={entry.where}>
          <Fields
            rows={[
              ['Subject', entry.csr.subject],
              [
                'Public key',
                `${entry.csr.key.algorithm}${entry.csr.key.size ? ` ${entry.csr.key.size} bits` : ''}`,
              ],
              ['Signature algorithm', entry.csr.signatureAlgorithm],
              ['Signature valid', entry.csr.signatureValid ? 'yes' : 'NO'],
            ]}
          />
        </Card>
      )
    case 'transport-key':
      return (
        <Card title="Transport key (BCRYPT_RSAKEY_BLOB)" where={entry.where}>
          <Fields rows={Object.entries(entry.blob).map(([name, value]) => [name, String(value)])} />
        </Card>
      )
    case 'error':
      return (
        <Card title="Could not decode" where={entry.where}>
          <p>{entry.message}</p>
        </Card>
      )
  }
}

function Card({ title, where, children }: { title: string; where: string; children: ReactNode }) {
  return (
    <article className="decoded" aria-label={`${title}: ${where}`}>
      <h4>
        {title} <span className="where">{where}</span>
      </h4>
      {children}
    </article>
  )
}
