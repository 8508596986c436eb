import type { JoinErrorCode } from '../trace/outcome.ts'

/** Every failure on the device side: a code the UI and runner switch on, a message naming the field. */
export class JoinError extends Error {
  readonly code: JoinErrorCode
  constructor(code: JoinErrorCode, message: string, options?: ErrorOptions) {
    super(message, options) // options.cause keeps the server's body for the inspector
    this.name = 'JoinError'
    this.code = code
  }
}
