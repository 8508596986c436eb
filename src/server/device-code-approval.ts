import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  approveDeviceCode,
  ApprovalRefused,
  declineDeviceCode,
  pendingDeviceCodes,
} from '../../mocks/device-code.ts'
import type { Tenant } from '../../mocks/tenant.ts'

const MAX_APPROVAL_BYTES = 4096

/**
 * `GET /__tracer/device-codes`: the codes waiting for a user. `POST /__tracer/device-codes`
 * with `{"userCode","username","password"}` (JSON only, so a web page of another origin cannot
 * send it without a CORS preflight, which only loopback origins pass): the user signs in and
 * approves, as they would at https://microsoft.com/devicelogin; `{"userCode","decision":"deny"}`:
 * the user declines, and the polling client is told `authorization_declined`.
 */
export function answerDeviceCodes(incoming: IncomingMessage, outgoing: ServerResponse, tenant: Tenant): void {
  if (incoming.method === 'GET') return reply(outgoing, 200, { pending: pendingDeviceCodes(tenant) })
  if (incoming.method !== 'POST') return reply(outgoing, 405, { error: 'method_not_allowed' })
  if (!(incoming.headers['content-type'] ?? '').startsWith('application/json'))
    return reply(outgoing, 415, {
      error: 'unsupported_media_type',
      message: 'Send the approval as application/json.',
    })
  void readBody(incoming).then(
    (text) => approve(outgoing, tenant, text),
    () => reply(outgoing, 413, { error: 'request_too_large' }),
  )
}

function approve(outgoing: ServerResponse, tenant: Tenant, text: string): void {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return reply(outgoing, 400, { error: 'invalid_request', message: 'The body is not JSON.' })
  }
  const { userCode, username, password, decision } = (body ?? {}) as Record<string, unknown>
  if (decision === 'deny' && typeof userCode === 'string')
    return decide(outgoing, () => {
      declineDeviceCode(tenant, userCode)
      return { denied: userCode.trim().toUpperCase() }
    })
  if (decision !== undefined && decision !== 'approve')
    return reply(outgoing, 400, {
      error: 'invalid_request',
      message: 'decision is "approve" (the default) or "deny", with a userCode.',
    })
  if (typeof userCode !== 'string' || typeof username !== 'string' || typeof password !== 'string')
    return reply(outgoing, 400, {
      error: 'invalid_request',
      message: 'userCode, username and password are required strings.',
    })
  decide(outgoing, () => {
    approveDeviceCode(tenant, userCode, username, password)
    return { approved: userCode.trim().toUpperCase(), username }
  })
}

function decide(outgoing: ServerResponse, act: () => object): void {
  try {
    reply(outgoing, 200, act())
  } catch (error) {
    if (!(error instanceof ApprovalRefused)) throw error
    reply(outgoing, 400, { error: 'approval_refused', message: error.message })
  }
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_APPROVAL_BYTES) return reject(new Error('too large'))
      chunks.push(chunk)
    })
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    incoming.on('error', reject)
  })
}

function reply(outgoing: ServerResponse, status: number, body: unknown): void {
  if (outgoing.headersSent) return
  outgoing.writeHead(status, { 'content-type': 'application/json' })
  outgoing.end(JSON.stringify(body))
}
