import { memo } from 'react'
import { diagnosticData, explainTraceFailure } from '../../explain/failures.ts'
import type { Trace } from '../../trace/schema.ts'
import './explain.css'
import { Fields } from '../Fields.tsx'

/** dsregcmd's sections with the pre-join Diagnostic Data a failed hybrid join leaves, when it did. */
export function withDiagnosticData(
  status: Record<string, Record<string, string>>,
  trace: Trace | undefined,
): Record<string, Record<string, string>> {
  const data = trace && !status['Diagnostic Data'] ? diagnosticData(trace) : undefined
  return data ? { ...status, 'Diagnostic Data': data } : status
}

/** A failed run as Windows reports it, what that means and what to check. Text only. */
/** The Windows code a failed run ends with, as `0x801c0025 DSREG_SERVER_BUSY`, when one is known. */
export function windowsCodeOf(trace: Trace): string | undefined {
  const client = explainTraceFailure(trace)?.client
  return client ? `${client.hex} ${client.name}` : undefined
}

export const FailureExplained = memo(function FailureExplained({ trace }: { trace: Trace }) {
  const explanation = explainTraceFailure(trace)
  if (!explanation) return null
  const rows: Array<[string, string | undefined]> = [
    ['Failure', `${explanation.code}${explanation.flowPhase ? ` in phase ${explanation.flowPhase}` : ''}`],
    ['Error phase (dsregcmd)', explanation.errorPhase ?? 'none: the device joined; this failed after'],
    [
      'Client error code',
      explanation.client
        ? `${explanation.client.hex} ${explanation.client.name}`
        : 'none: Windows shows the service’s message',
    ],
    ['Server error code', explanation.serverErrorCode],
    ['Server message', explanation.serverMessage],
    ['HTTP status', explanation.httpStatus?.toString()],
    ['Request ID', explanation.requestId],
  ]
  return (
    <section className="failure-explained" aria-label="Why the join failed">
      <h3>Why the join failed</h3>
      <Fields rows={rows} />
      <p>{explanation.meaning}</p>
      {explanation.client && explanation.client.meaning !== explanation.meaning ? (
        <p>{explanation.client.meaning}</p>
      ) : null}
      <h4>What to check</h4>
      <ul>
        {explanation.check.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  )
})
