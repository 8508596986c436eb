import type { Exchange, Step } from '../trace/schema.ts'

/** One line per step for the terminal: phase letter and title. */
export function formatStep(step: Step): string {
  return `  ${step.phase}  ${step.title}${step.skipped ? ' (skipped)' : ''}`
}

/** One line per exchange, under its step: what went where, what came back and how long it took. */
export function formatExchange(exchange: Exchange): string {
  const { request, response } = exchange
  const target = exchange.protocol === 'http' ? shorten(request.url) : request.url
  return `       ${exchange.protocol} ${request.method} ${target} -> ${response.status} (${exchange.duration} ms)`
}

function shorten(url: string): string {
  const { host, pathname } = new URL(url)
  return `${host}${pathname}`
}
