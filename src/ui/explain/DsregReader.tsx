import { memo, useState, type DragEvent } from 'react'
import type { Result } from './read-dsreg.ts'
import { decodeTextFile } from '../../explain/text-file.ts'
import { formatRoute } from '../routing/route.ts'
import './explain.css'
import { Fields } from '../Fields.tsx'

// The reader and its tables of Windows codes load the first time someone asks for an explanation.
const explain = async (text: string): Promise<Result> => (await import('./read-dsreg.ts')).explain(text)

/** Paste, drop or open the `dsregcmd /status` text of a real device; read where its join got to. */
export const DsregReader = memo(function DsregReader() {
  const [text, setText] = useState('')
  const [result, setResult] = useState<Result>()
  const [dragging, setDragging] = useState(false)

  async function readFile(file: File | undefined) {
    if (!file) return
    const { MAX_INPUT } = await import('../../explain/dsregcmd/parse.ts')
    if (file.size > MAX_INPUT * 2) {
      setResult({
        ok: false,
        reason: `${file.name} is ${file.size} bytes: too big to be dsregcmd /status output.`,
      })
      return
    }
    const content = decodeTextFile(new Uint8Array(await file.arrayBuffer()))
    setText(content)
    setResult(await explain(content))
  }

  function onDrop(event: DragEvent) {
    event.preventDefault()
    setDragging(false)
    void readFile(event.dataTransfer.files[0])
  }

  return (
    <section
      className={`dsreg-reader${dragging ? ' dragging' : ''}`}
      aria-label="Explain a real device"
      onDragOver={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2>Explain a real device</h2>
      <p className="hint">
        Run <code>dsregcmd /status</code> on the device (elevated, or as SYSTEM for the pre-join tests), then
        paste its output here or drop the text file.
      </p>
      <textarea
        aria-label="dsregcmd /status output"
        value={text}
        spellCheck={false}
        rows={8}
        onChange={(event) => setText(event.target.value)}
        placeholder="+----------------------------------------------------------------------+&#10;| Device State |"
      />
      <div className="dsreg-reader-actions">
        <button
          type="button"
          onClick={() => void explain(text).then(setResult)}
          disabled={text.trim() === ''}
        >
          Explain
        </button>
        <label className="file-button">
          Open a text file
          <input
            type="file"
            accept=".txt,.log,text/plain"
            onChange={(event) => void readFile(event.target.files?.[0])}
          />
        </label>
      </div>
      {result ? <AnalysisView result={result} /> : null}
    </section>
  )
})

function AnalysisView({ result }: { result: Result }) {
  if (!result.ok)
    return (
      <p role="alert" className="dsreg-refused">
        Not read: {result.reason}
      </p>
    )
  const { analysis } = result
  const failure = analysis.failure
  const rows: Array<[string, string | undefined]> = [
    ['Join state', analysis.joinState],
    ['Flow', analysis.flow],
    ['Phase reached', analysis.phaseReached],
    ['Error phase', failure?.errorPhase],
    ['Failed test', failure?.failedTest],
    [
      'Client error code',
      failure?.clientCode
        ? `${failure.clientCode}${failure.client ? ` ${failure.client.name}` : ''}`
        : undefined,
    ],
    ['Inner code', failure?.innerCode],
    ['Server error code', failure?.serverErrorCode],
    ['Server message', failure?.serverMessage],
    ['HTTPS status', failure?.httpStatus],
    ['Request ID', failure?.requestId],
  ]
  return (
    <article className="dsreg-analysis" aria-label="Analysis">
      <Fields rows={rows} />
      {failure ? (
        <>
          <h3>What it means</h3>
          <p>{failure.meaning}</p>
          {failure.check.length > 0 ? (
            <>
              <h3>What to check</h3>
              <ul>
                {failure.check.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      {analysis.findings.length > 0 ? (
        <>
          <h3>Also worth a look</h3>
          <ul>
            {analysis.findings.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
      {analysis.story ? (
        <p>
          Watch the same failure:{' '}
          <a href={formatRoute({ page: 'story', storyId: analysis.story.id, mode: 'replay' })}>
            {analysis.story.title}
          </a>
        </p>
      ) : null}
    </article>
  )
}
