import { memo, useMemo } from 'react'
import { LANE_TITLES } from '../../trace/lanes.ts'
import type { Artifacts, Exchange } from '../../trace/schema.ts'
import { useCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'
import { CopyButton } from './CopyButton.tsx'
import { toFetch, toPowerShell } from './copy-as/copy-as.ts'
import { toCurl } from './curl.ts'
import { DecodedView } from './DecodedView.tsx'
import { artifactPayloads, copyName, findJwks, findPayloads, type Payload } from './find-payloads.ts'
import type { Jwks } from './jwt.ts'
import { MessageView } from './MessageView.tsx'
import { useDecoded } from './use-decoded.ts'
import { Fields } from '../Fields.tsx'
import { formatClockTime, formatMs } from '../times.ts'

/**
 * The chosen exchange (or, until one is clicked, the newest one at the cursor), with its payloads
 * decoded; or the run's artifacts once it has finished.
 */
export const PayloadInspector = memo(function PayloadInspector() {
  const store = useTracerStore()
  const selection = useTracerSelect((state) => state.selection)
  const trace = useTracerSelect((state) => state.run.trace)
  const view = useCursorView()
  const jwks = useMemo(() => findJwks(view.steps), [view.steps])
  const visible = view.steps.flatMap((step) => step.exchanges)
  const chosen =
    selection?.kind === 'exchange'
      ? visible.find((exchange) => exchange.id === selection.id)
      : (view.exchange ?? visible.at(-1))
  const artifacts = view.atEnd ? trace?.artifacts : undefined
  const showArtifacts = selection?.kind === 'artifacts' && artifacts
  return (
    <section className="inspector" aria-label="Payload inspector">
      <header className="inspector-head">
        <h2>Payload inspector</h2>
        <div className="inspector-tabs">
          <button type="button" aria-pressed={!showArtifacts} onClick={() => store.select(undefined)}>
            Exchange
          </button>
          <button
            type="button"
            aria-pressed={Boolean(showArtifacts)}
            disabled={!artifacts}
            onClick={() => store.select({ kind: 'artifacts' })}
          >
            Artifacts
          </button>
        </div>
      </header>
      {showArtifacts ? (
        <ArtifactsView artifacts={artifacts} jwks={jwks} />
      ) : chosen ? (
        <ExchangeView
          key={chosen.id}
          exchange={chosen}
          jwks={jwks}
          requestTime={trace ? Date.parse(trace.startedAt) + chosen.at : undefined}
        />
      ) : (
        <p className="empty">
          {selection
            ? 'That exchange has not happened yet at this point of the run.'
            : 'Click an arrow to open its exchange.'}
        </p>
      )}
    </section>
  )
})

function ExchangeView({
  exchange,
  jwks,
  requestTime,
}: {
  exchange: Exchange
  jwks?: Jwks
  requestTime?: number
}) {
  const payloads = useMemo(() => findPayloads(exchange), [exchange])
  const { request, response } = exchange
  return (
    <div className="exchange-view" data-exchange={exchange.id}>
      <p className="exchange-title">
        <strong>{exchange.id}</strong> {exchange.protocol} · {LANE_TITLES[exchange.from]} →{' '}
        {LANE_TITLES[exchange.to]}
      </p>
      <p className="exchange-time">
        Started {formatMs(exchange.at)} into the run
        {requestTime === undefined ? '' : ` (${formatClockTime(requestTime)})`}, took{' '}
        <strong>{formatMs(exchange.duration)}</strong>
      </p>
      {exchange.protocol === 'http' ? (
        <>
          <CopyButton text={toCurl(exchange)} label="Copy as curl" />
          <CopyButton text={toPowerShell(exchange)} label="Copy as PowerShell" />
          <CopyButton text={toFetch(exchange)} label="Copy as fetch" />
        </>
      ) : null}
      <DecodedList payloads={payloads} jwks={jwks} requestTime={requestTime} />
      <MessageView
        title="Request"
        firstLine={`${request.method} ${request.url}`}
        headers={request.headers}
        body={request.body}
      />
      <MessageView
        title="Response"
        firstLine={`${exchange.protocol === 'ldap' ? 'resultCode ' : ''}${response.status}`}
        headers={response.headers}
        body={response.body}
      />
    </div>
  )
}

function ArtifactsView({ artifacts, jwks }: { artifacts: Artifacts; jwks?: Jwks }) {
  const payloads = useMemo(() => artifactPayloads(artifacts), [artifacts])
  const plain = Object.entries(artifacts).filter(
    ([, value]) => typeof value !== 'string' || value.length < 80,
  )
  return (
    <div className="artifacts-view">
      <Fields rows={plain.map(([name, value]) => [name, String(value)] as const)} />
      <DecodedList payloads={payloads} jwks={jwks} />
    </div>
  )
}

function DecodedList({
  payloads,
  jwks,
  requestTime,
}: {
  payloads: Payload[]
  jwks?: Jwks
  requestTime?: number
}) {
  const decoded = useDecoded(payloads, jwks, requestTime)
  if (payloads.length === 0) return null
  return (
    <section className="decoded-list" aria-label="Decoded payloads">
      <h3>Decoded</h3>
      {decoded ? (
        decoded.map((entry, index) => <DecodedView key={`${entry.where}-${index}`} entry={entry} />)
      ) : (
        <p className="empty">Decoding…</p>
      )}
      {payloads.map((payload, index) => (
        <CopyButton
          key={`${payload.where}-${index}`}
          text={payload.value}
          label={`Copy ${copyName(payload.where)}`}
        />
      ))}
    </section>
  )
}
