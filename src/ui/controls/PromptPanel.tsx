import { memo, useState, type FormEvent } from 'react'
import type { FlowEvent } from '../../../machines/setup.ts'
import type { Story } from '../../stories/story.ts'
import type { Step } from '../../trace/schema.ts'
import { useCursorView, useTracerSelect, useTracerStore } from '../session/use-tracer.ts'

/** Asks what the machine waits for, once playback has caught up with it; prefilled with the story's demo answers. */
export const PromptPanel = memo(function PromptPanel() {
  const store = useTracerStore()
  const waiting = useTracerSelect((state) => state.run.waiting && state.run.status === 'running')
  const rejection = useTracerSelect((state) => state.run.rejection)
  const termsOfUse = useTracerSelect((state) => state.run.termsOfUse)
  const view = useCursorView()
  const step = view.current
  if (!view.atEnd || !waiting || !step?.prompt) return null
  const attempt = view.steps.filter((earlier) => earlier.prompt === step.prompt).length - 1
  return (
    <section className="prompt" aria-label="The device is waiting for you" data-step={step.index}>
      <PromptBody
        key={step.index}
        step={step}
        attempt={attempt}
        story={store.story()}
        rejection={rejection}
        termsOfUse={termsOfUse}
        send={store.send}
      />
    </section>
  )
})

interface BodyProps {
  step: Step
  attempt: number
  story: Story
  rejection?: string
  termsOfUse?: string
  send: (event: FlowEvent) => void
}

function PromptBody({ step, attempt, story, rejection, termsOfUse, send }: BodyProps) {
  const { answers } = story
  switch (step.prompt) {
    case 'username':
      return (
        <FieldForm
          label="User name (UPN)"
          type="email"
          initial={answers.username}
          submit="Next"
          send={send}
          event={(username) => ({ type: 'username.submit', username })}
        />
      )
    case 'password':
      return (
        <FieldForm
          label="Password"
          type="password"
          initial={answers.passwords[attempt] ?? ''}
          givesUp={answers.passwords[attempt] === undefined}
          submit="Sign in"
          rejection={rejection}
          send={send}
          event={(password) => ({ type: 'password.submit', password })}
        />
      )
    case 'mfa':
      return (
        <FieldForm
          label="Verification code"
          type="text"
          initial={answers.mfaCodes?.[attempt] ?? ''}
          givesUp={answers.mfaCodes?.[attempt] === undefined}
          submit="Verify"
          rejection={rejection}
          send={send}
          event={(code) => ({ type: 'mfa.submit', code })}
        />
      )
    case 'tou':
      return <TermsOfUse text={termsOfUse} preferred={answers.termsOfUse} send={send} />
    default:
      return (
        <div className="prompt-row">
          <p>The device waits for: {step.prompt}</p>
          <button type="button" onClick={() => send({ type: 'signin.cancel' })}>
            Cancel sign-in
          </button>
        </div>
      )
  }
}

interface FieldProps {
  label: string
  type: 'email' | 'password' | 'text'
  initial: string
  submit: string
  rejection?: string
  /** The story's user has no answer left and gives up here: said so, and Cancel takes the focus. */
  givesUp?: boolean
  send: (event: FlowEvent) => void
  event: (value: string) => FlowEvent
}

function FieldForm({ label, type, initial, submit, rejection, givesUp, send, event }: FieldProps) {
  const [value, setValue] = useState(initial)
  const onSubmit = (formEvent: FormEvent) => {
    formEvent.preventDefault()
    send(event(value))
  }
  return (
    <form className="prompt-row" onSubmit={onSubmit} noValidate>
      {rejection ? (
        <p role="alert" className="rejection">
          {rejection}
        </p>
      ) : null}
      <label>
        {label}
        <input
          type={type}
          value={value}
          onChange={(change) => setValue(change.target.value)}
          autoFocus={!givesUp}
          autoComplete="off"
        />
      </label>
      <button type="submit" className={givesUp ? undefined : 'primary'}>
        {submit}
      </button>
      <button
        type="button"
        className={givesUp ? 'primary' : undefined}
        onClick={() => send({ type: 'signin.cancel' })}
        autoFocus={givesUp}
      >
        Cancel
      </button>
      {givesUp ? (
        <p className="hint gives-up">The story's user gives up here: Cancel ends the sign-in.</p>
      ) : null}
    </form>
  )
}

function TermsOfUse({
  text,
  preferred,
  send,
}: {
  text?: string
  preferred: 'accept' | 'decline'
  send: (event: FlowEvent) => void
}) {
  return (
    <div className="prompt-terms">
      <h2>MDM terms of use</h2>
      <pre className="terms">{text ?? '(the terms are loading)'}</pre>
      <p className="hint">The story's user would {preferred}.</p>
      <div className="prompt-row">
        <button
          type="button"
          className="primary"
          onClick={() => send({ type: 'tou.accept' })}
          autoFocus={preferred === 'accept'}
        >
          Accept
        </button>
        <button
          type="button"
          onClick={() => send({ type: 'tou.decline' })}
          autoFocus={preferred === 'decline'}
        >
          Decline
        </button>
      </div>
    </div>
  )
}
