import { memo } from 'react'
import { useExplainer } from '../explain/use-explainer.ts'
import { useRestingCursorView, useTracerSelect } from '../session/use-tracer.ts'
import { dsregText } from './dsreg-text.ts'

/** What `dsregcmd /status` would print at the cursor, and the computer's Personal store. */
export const DevicePanel = memo(function DevicePanel() {
  const trace = useTracerSelect((state) => state.run.trace)
  const keygenWorkerJobs = useTracerSelect((state) => state.keygenWorkerJobs)
  const view = useRestingCursorView()
  const ended = view.atEnd && trace ? trace : undefined
  const explain = useExplainer(Boolean(ended))
  // At a run's end the status waits for the explainer (a moment, once), so it never changes under
  // the reader's eyes when the Diagnostic Data section arrives.
  const waiting = Boolean(ended?.device) && !explain
  const status =
    ended?.device && explain ? explain.withDiagnosticData(ended.device, ended) : view.device?.status
  const certificates = view.device?.certificates ?? []
  return (
    <section className="device-panel" aria-label="Device panel">
      <h2>Device: dsregcmd /status</h2>
      {waiting ? (
        <p className="empty">Reading the device…</p>
      ) : status ? (
        <pre className="dsreg" tabIndex={0} aria-label="dsregcmd /status output">
          {dsregText(status)}
        </pre>
      ) : (
        <p className="empty">No run yet.</p>
      )}
      {ended && explain ? <explain.FailureExplained trace={ended} /> : null}
      <h3>Certificate store: Local Computer › Personal</h3>
      {certificates.length === 0 ? (
        <p className="empty">No certificates.</p>
      ) : (
        <table className="cert-store">
          <thead>
            <tr>
              <th scope="col">Issued to</th>
              <th scope="col">Issued by</th>
              <th scope="col">Expires</th>
              <th scope="col">Thumbprint</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((certificate) => (
              <tr key={certificate.thumbprint}>
                <td>{certificate.subject}</td>
                <td>{certificate.issuer}</td>
                <td>{certificate.notAfter.slice(0, 10)}</td>
                <td className="mono">{certificate.thumbprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="keygen-note">Software keys made in the forge worker on this page: {keygenWorkerJobs}</p>
    </section>
  )
})
