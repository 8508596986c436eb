import { useEffect, useState, type FormEvent } from 'react'
// zod/mini: this panel is on the first screen, where the full build of zod would weigh 40 KB more.
import * as z from 'zod/mini'

/** What `GET /__tracer/device-codes` answers; anything else from the server is refused, not shown. */
const pendingSchema = z.object({
  pending: z.array(
    z.object({
      userCode: z.string(),
      clientId: z.string(),
      clientName: z.optional(z.string()),
      expiresAt: z.number(),
    }),
  ),
})
type PendingCode = z.infer<typeof pendingSchema>['pending'][number]

const answerSchema = z.object({ message: z.optional(z.string()), error: z.optional(z.string()) })

/**
 * The device codes a followed server holds for a user: each with its client and expiry, approved
 * here with the user's name and password (the stand-in for microsoft.com/devicelogin) or denied.
 * Everything the server sends is shown as text.
 */
export function DeviceCodes({ base, version }: { base: URL; version: number }) {
  const [codes, setCodes] = useState<PendingCode[]>([])
  const [problem, setProblem] = useState<string>()
  const [answered, setAnswered] = useState(0)
  const endpoint = new URL('/__tracer/device-codes', base).href
  useEffect(() => {
    let current = true
    void fetch(endpoint)
      .then(async (response) => pendingSchema.parse(await response.json()).pending)
      .then(
        (pending) => current && (setCodes(pending), setProblem(undefined)),
        (error: unknown) => current && setProblem(`The device codes could not be read: ${String(error)}`),
      )
    return () => void (current = false)
  }, [endpoint, version, answered])
  return (
    <section className="device-codes" aria-label="Device codes waiting for a user">
      <h2>Device codes waiting for a user</h2>
      {problem ? <p role="alert">{problem}</p> : null}
      {codes.length === 0 ? (
        <p className="transfer-hint">None: a client that asks for a device code shows here.</p>
      ) : (
        <ul>
          {codes.map((code) => (
            <PendingRow
              key={code.userCode}
              code={code}
              endpoint={endpoint}
              onAnswered={() => setAnswered((count) => count + 1)}
            />
          ))}
        </ul>
      )}
    </section>
  )
}

function PendingRow(props: { code: PendingCode; endpoint: string; onAnswered: () => void }) {
  const { code, endpoint, onAnswered } = props
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [outcome, setOutcome] = useState<string>()
  const decide = async (decision: 'approve' | 'deny') => {
    const body =
      decision === 'approve'
        ? { userCode: code.userCode, username, password }
        : { userCode: code.userCode, decision }
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (response.ok) return onAnswered()
      const answer = answerSchema.safeParse(await response.json().catch(() => ({})))
      setOutcome(answer.success ? (answer.data.message ?? answer.data.error) : `HTTP ${response.status}`)
    } catch (error) {
      setOutcome(`The server did not answer: ${String(error)}`)
    }
  }
  const approve = (event: FormEvent) => {
    event.preventDefault()
    void decide('approve')
  }
  const label = `code ${code.userCode}`
  return (
    <li className="device-code">
      <span className="device-code-value">{code.userCode}</span>
      <span>
        {code.clientName ?? 'Client'} <code>{code.clientId}</code>
      </span>
      <span className="transfer-hint">
        expires {new Date(code.expiresAt).toISOString().slice(11, 19)} UTC
      </span>
      <form onSubmit={approve} aria-label={`Approve ${label}`}>
        <label>
          User
          <input
            type="email"
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          Approve
        </button>
        <button type="button" onClick={() => void decide('deny')}>
          Deny
        </button>
      </form>
      {outcome ? (
        <span role="status" className="device-code-refused">
          {outcome}
        </span>
      ) : null}
    </li>
  )
}
