import { formFields, isFormBody } from './form.ts'
import { parseJson } from './payload-parts.ts'
import { CopyButton } from './CopyButton.tsx'

interface Props {
  title: string
  firstLine: string
  headers: Record<string, string>
  body: string
}

/** One side of an exchange: its first line, headers and body, all as text. */
export function MessageView({ title, firstLine, headers, body }: Props) {
  const entries = Object.entries(headers)
  return (
    <section className="message" aria-label={title}>
      <h3>{title}</h3>
      <p className="first-line">{firstLine}</p>
      {entries.length > 0 ? (
        <details open>
          <summary>Headers ({entries.length})</summary>
          <dl className="fields">
            {entries.map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>
                  <LongText text={value} />
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      <Body body={body} contentType={headers['content-type']} />
      {body ? <CopyButton text={body} label={`Copy ${title.toLowerCase()} body`} /> : null}
    </section>
  )
}

function Body({ body, contentType }: { body: string; contentType?: string }) {
  if (!body) return <p className="empty">No body.</p>
  const json = parseJson(body)
  if (json !== undefined)
    return (
      <pre className="body" tabIndex={0}>
        {JSON.stringify(json, null, 2)}
      </pre>
    )
  if (!isFormBody(body, contentType))
    return (
      <pre className="body" tabIndex={0}>
        {body}
      </pre>
    )
  // Named on screen: a form body's fields share the headers' look, and followed them unannounced.
  return (
    <>
      <p className="body-kind">Body, as form fields</p>
      <dl className="fields form-fields" aria-label="Form fields">
        {formFields(body).map(([name, value], index) => (
          <div key={`${name}-${index}`}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  )
}

const SHORT = 90

/** A long header value (a bearer token) folded to its start; the whole value one click away. */
function LongText({ text }: { text: string }) {
  if (text.length <= SHORT) return text
  return (
    <details className="long-text">
      <summary>
        {text.slice(0, SHORT)}… ({text.length} characters)
      </summary>
      {text}
    </details>
  )
}
