import { useState, type FormEvent } from 'react'
import type { FlowEvent } from '../../../machines/setup.ts'
import type { Story } from '../../stories/story.ts'

interface Props {
  prompt: string
  story: Story
  rejection?: string
  termsOfUse?: string
  send: (event: FlowEvent) => void
}

/** Asks the user what the machine is waiting for; prefilled with the story's demo answers. */
export function PromptForm({ prompt, story, rejection, termsOfUse, send }: Props) {
  const [value, setValue] = useState(prompt === 'username' ? story.answers.username : (story.answers.passwords[0] ?? ''))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    send(prompt === 'username' ? { type: 'username.submit', username: value } : { type: 'password.submit', password: value })
  }
  if (prompt === 'tou') {
    return (
      <section aria-label="Terms of use" className="prompt">
        <pre>{termsOfUse}</pre>
        <button type="button" onClick={() => send({ type: 'tou.accept' })}>Accept</button>
        <button type="button" onClick={() => send({ type: 'tou.decline' })}>Decline</button>
      </section>
    )
  }
  const label = prompt === 'username' ? 'User name (UPN)' : 'Password'
  return (
    <form className="prompt" onSubmit={submit}>
      {rejection ? <p role="alert">{rejection}</p> : null}
      <label>
        {label}
        <input type={prompt === 'username' ? 'email' : 'password'} value={value} onChange={(event) => setValue(event.target.value)} autoFocus />
      </label>
      <button type="submit">Sign in</button>
      <button type="button" onClick={() => send({ type: 'signin.cancel' })}>Cancel</button>
    </form>
  )
}
