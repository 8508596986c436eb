import type { Tenant } from '../../mocks/tenant.ts'

/** A computer's userCertificate as its Automatic-Device-Join task wrote it: PEM or base64 DER. */
export interface ComputerCertificate {
  /** The computer's name (sAMAccountName without the `$`), as in the tenant file. */
  computer: string
  userCertificate: string
}

/**
 * Hybrid join for a client outside this app: its self-signed certificate cannot reach the emulated
 * AD over LDAP, so the tenant file carries it. Each computer writes it to its own object, as the
 * scheduled task would, and one Azure AD Connect cycle runs, with the same rules as in the flows:
 * afterwards the client's `PUT /EnrollmentServer/device/{objectGUID}` finds its device object.
 * @returns one line per computer, saying whether the cycle exported it
 */
export function syncComputerCertificates(tenant: Tenant, certificates: ComputerCertificate[]): string[] {
  const { directory, aadConnect } = tenant
  if (certificates.length === 0) return []
  if (!directory || !aadConnect)
    throw new Error('userCertificate values need "onPremises" in the tenant file.')
  for (const { computer, userCertificate } of certificates) {
    const [entry] = directory.search({
      base: directory.domainDn,
      scope: 'sub',
      filter: `(sAMAccountName=${computer}$)`,
      attributes: ['objectGUID'],
    })
    if (!entry)
      throw new Error(`"${computer}" is not a computer in the tenant file's "onPremises.computers".`)
    directory.modify(
      entry.dn,
      [{ operation: 'replace', attribute: 'userCertificate', values: [derBase64(userCertificate)] }],
      entry.dn,
    )
  }
  const report = aadConnect.runCycle()
  return [
    ...report.exported.map(
      (device) =>
        `synced ${device.displayName}: device object ${device.deviceId} is ready for its hybrid join`,
    ),
    ...(report.passedOver ?? []).map((computer) => `not synced ${computer.dn}: ${computer.reason}`),
  ]
}

function derBase64(certificate: string): string {
  return certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
}
