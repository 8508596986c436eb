import { useMemo } from 'react'
import { LANE_TITLES } from '../../trace/lanes.ts'
import type { Artifacts, Exchange, Step } from '../../trace/schema.ts'
import { CopyButton } from './CopyButton.tsx'
import { toFetch, toPowerShell } from './copy-as/copy-as.ts'
import { toCurl } from './curl.ts'
import { DecodedView } from './DecodedView.tsx'
import type { PayloadSource } from './find-and-decode.ts'
import { copyName, findJwks } from './payload-parts.ts'
import type { Jwks } from './jwt.ts'
import { MessageView } from './MessageView.tsx'
import { useDecoded } from './use-decoded.ts'
import { Fields } from '../Fields.tsx'
import { formatClockTime, formatMs } from '../times.ts'
import { statusWords } from '../exchange-status.ts'

// What the inspector shows once it has something to show: a chunk of its own, with the decoders'
// finders (the XML parser, X.509, jose), loaded the first time the inspector opens an exchange.

export function ExchangeView({
  exchange,
  steps,
  requestTime,
}: {
  exchange: Exchange
  steps: readonly Step[]
  requestTime?: number
}) {
  const jwks = useMemo(() => findJwks(steps), [steps])
  const source = useMemo(() => ({ exchange }), [exchange])
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
      <DecodedList source={source} jwks={jwks} requestTime={requestTime} />
      <MessageView
        title="Request"
        firstLine={`${request.method} ${request.url}`}
        headers={request.headers}
        body={request.body}
      />
      <MessageView
        title="Response"
        firstLine={responseLine(exchange)}
        headers={response.headers}
        body={response.body}
      />
    </div>
  )
}

/** An LDAP answer by its code and name, a sync step's or a missing HTTP answer in words, else the status. */
function responseLine({ protocol, response }: Exchange): string {
  const words = statusWords(protocol, response.status)
  return protocol === 'ldap' ? `resultCode ${response.status} (${words})` : words
}

export function ArtifactsView({ artifacts, steps }: { artifacts: Artifacts; steps: readonly Step[] }) {
  const jwks = useMemo(() => findJwks(steps), [steps])
  const source = useMemo(() => ({ artifacts }), [artifacts])
  const plain = Object.entries(artifacts).filter(
    ([, value]) => typeof value !== 'string' || value.length < 80,
  )
  return (
    <div className="artifacts-view">
      <Fields rows={plain.map(([name, value]) => [name, String(value)] as const)} />
      <DecodedList source={source} jwks={jwks} />
    </div>
  )
}

/**
 * The decodable values of an exchange or of the artifacts, found and decoded off the page's
 * thread: nothing until they are (most exchanges have none), then each decoded, with a copy button.
 */
function DecodedList({
  source,
  jwks,
  requestTime,
}: {
  source: PayloadSource
  jwks?: Jwks
  requestTime?: number
}) {
  const found = useDecoded(source, jwks, requestTime)
  if (!found || found.payloads.length === 0) return null
  return (
    <section className="decoded-list" aria-label="Decoded payloads">
      <h3>Decoded</h3>
      {found.entries.map((entry, index) => (
        <DecodedView key={`${entry.where}-${index}`} entry={entry} />
      ))}
      {found.payloads.map((payload, index) => (
        <CopyButton
          key={`${payload.where}-${index}`}
          text={payload.value}
          label={`Copy ${copyName(payload.where)}`}
        />
      ))}
    </section>
  )
}
