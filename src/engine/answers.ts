import type { FlowEvent } from '../../machines/setup.ts'
import type { Prompt } from '../trace/phases.ts'
import type { Run } from './run.ts'

/** What the user would type or click, for runs with nobody at the keyboard (runner, tests, stories). */
export interface Answers {
  username: string
  /** Tried in order; when they run out the user gives up (`signin.cancel`). */
  passwords: string[]
  termsOfUse: 'accept' | 'decline'
  /** Second-factor codes for the STS, tried in order. */
  mfaCodes?: string[]
  /** How long the user lingers at a prompt, in milliseconds of the run's clock (past its deadline: TIMED_OUT). */
  pauses?: Partial<Record<Prompt, number>>
}

/** Answers each prompt the moment the machine stops at it. Returns a function that stops answering. */
export function answerPrompts(run: Run, answers: Answers): () => void {
  const remaining = { passwords: [...answers.passwords], mfaCodes: [...(answers.mfaCodes ?? [])] }
  let answeredStep = -1
  const respond = () => {
    const step = run.steps().at(-1)
    if (!step?.prompt || step.index === answeredStep || run.snapshot().status !== 'active') return
    answeredStep = step.index
    // The pause runs on the run's one clock: a user who lingers past the prompt's deadline is too late.
    run.clock.advance(answers.pauses?.[step.prompt] ?? 0)
    if (run.snapshot().status !== 'active') return
    run.send(eventFor(step.prompt, answers, remaining))
  }
  const unsubscribe = run.subscribe(() => queueMicrotask(respond))
  queueMicrotask(respond)
  return unsubscribe
}

/**
 * Sends the given events one per prompt, in order, as the machine stops at each: a run replayed
 * with the answers a user gave another (the page's what-if). When they run out, the user answers.
 */
export function replayAnswers(run: Run, events: readonly FlowEvent[]): () => void {
  const remaining = [...events]
  let answeredStep = -1
  const respond = () => {
    const step = run.steps().at(-1)
    if (!step?.prompt || step.index === answeredStep || run.snapshot().status !== 'active') return
    const event = remaining.shift()
    if (!event) return
    answeredStep = step.index
    run.send(event)
  }
  const unsubscribe = run.subscribe(() => queueMicrotask(respond))
  queueMicrotask(respond)
  return unsubscribe
}

function eventFor(
  prompt: Prompt,
  answers: Answers,
  remaining: { passwords: string[]; mfaCodes: string[] },
): FlowEvent {
  switch (prompt) {
    case 'username':
      return { type: 'username.submit', username: answers.username }
    case 'password': {
      const password = remaining.passwords.shift()
      return password === undefined ? { type: 'signin.cancel' } : { type: 'password.submit', password }
    }
    case 'tou':
      return answers.termsOfUse === 'accept' ? { type: 'tou.accept' } : { type: 'tou.decline' }
    case 'mfa': {
      const code = remaining.mfaCodes.shift()
      return code === undefined ? { type: 'signin.cancel' } : { type: 'mfa.submit', code }
    }
  }
}
