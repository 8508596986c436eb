import '../../explain/explain.css'
import type { ClaimLine } from '../../../decode/jwt-claims.ts'

/** A token's claims, one row each: value, time read against the request, and what the claim means. */
export function ClaimsView({ claims }: { claims: ClaimLine[] }) {
  return (
    <table className="claims" aria-label="Claims explained">
      <thead>
        <tr>
          <th scope="col">Claim</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {claims.map((claim) => (
          <tr key={claim.name}>
            <th scope="row">{claim.name}</th>
            <td>
              {claim.value}
              {claim.note ? <span className="claim-note">{claim.note}</span> : null}
            </td>
            <td>{claim.meaning ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
