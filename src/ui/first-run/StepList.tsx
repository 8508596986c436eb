import type { Step } from '../../trace/schema.ts'

/** Every step as it passed, with its exchanges shown raw, as text. */
export function StepList({ steps }: { steps: readonly Step[] }) {
  return (
    <ol className="steps">
      {steps.map((step) => (
        <li key={step.index} data-phase={step.phase} className={step.skipped ? 'skipped' : undefined}>
          <h2>
            <span className="phase">{step.phase}</span> {step.title}
          </h2>
          <p>{step.narration}</p>
          {step.exchanges.map((exchange) => (
            <details key={exchange.id}>
              <summary>
                {exchange.request.method} {exchange.request.url} → {exchange.response.status}
              </summary>
              <pre>{exchange.request.body}</pre>
              <pre>{exchange.response.body}</pre>
            </details>
          ))}
        </li>
      ))}
    </ol>
  )
}
