import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contosoManaged } from '../../mocks/fixtures/tenant.ts'
import { startServer, type RunningServer } from '../../src/server/proxy.ts'

const ADELE = '3f6c1b7e-52a4-4c1d-9a8b-1e2f3a4b5c6d'
const TENANT_ID = '9d53c6fa-b38e-4509-8fb1-51dedb421aac'
const DRS_SCOPE = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9/.default'
let server: RunningServer
const lines: string[] = []

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'djt-msal-')),
    fixture: contosoManaged(),
    log: (line) => lines.push(line),
  })
})
afterAll(() => server.close())

interface Step {
  step: string
  [key: string]: unknown
}

/** Runs the MSAL Node client in its own process, pointed at the proxy as a user would. */
function msal(args: string[], onStep: (step: Step) => void = () => {}): Promise<Step[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/server/clients/msal-node.mts', ...args],
      {
        env: {
          ...process.env,
          HTTPS_PROXY: `http://127.0.0.1:${server.port}`,
          NODE_EXTRA_CA_CERTS: server.caPath,
          NO_PROXY: '',
        },
      },
    )
    const steps: Step[] = []
    let pending = ''
    let errors = ''
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const complete = pending.split('\n')
      pending = complete.pop() ?? ''
      for (const line of complete.filter(Boolean)) {
        const step = JSON.parse(line) as Step
        steps.push(step)
        onStep(step)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.on('error', reject)
    child.on('exit', () => (errors && steps.length === 0 ? reject(new Error(errors)) : resolve(steps)))
  })
}

/** What a script does to approve a code: one JSON POST to the proxy's tracer endpoint. */
function approve(
  body: Record<string, string>,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/__tracer/device-codes',
        headers,
      },
      (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }),
        )
      },
    )
    call.on('error', reject)
    call.end(JSON.stringify(body))
  })
}

async function untilTrue(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50))
}

describe('@azure/msal-node against npm run serve', () => {
  it('signs in with a password, answers again from its cache, then refreshes with the refresh token', async () => {
    const steps = await msal(['password', 'adele.vance@contoso.com', 'Pa55w.rd-Contoso', DRS_SCOPE])
    expect(steps.map((step) => step.step)).toEqual(['password', 'silent', 'refreshed'])
    const [first, cached, refreshed] = steps as [Step, Step, Step]
    expect(first).toMatchObject({
      fromCache: false,
      username: 'adele.vance@contoso.com',
      homeAccountId: `${ADELE}.${TENANT_ID}`,
      tenantId: TENANT_ID,
    })
    expect(decodeJwt(String(first.accessToken)).aud).toBe('urn:ms-drs:enterpriseregistration.windows.net')
    expect(cached).toMatchObject({ fromCache: true, accessToken: first.accessToken })
    expect(refreshed.fromCache).toBe(false)
    expect(refreshed.accessToken).not.toBe(first.accessToken)
    const tokenCalls = () =>
      lines.filter((line) =>
        line.startsWith('POST login.microsoftonline.com/contoso.com/oauth2/v2.0/token 200'),
      )
    await untilTrue(() => tokenCalls().length >= 2) // a request is logged once its answer has gone
    expect(tokenCalls()).toHaveLength(2) // the password grant and the refresh; the cached answer asked nothing
  }, 60_000)

  it('reports a wrong password as MSAL reports Azure AD errors', async () => {
    const steps = await msal(['password', 'adele.vance@contoso.com', 'wrong', DRS_SCOPE])
    expect(steps.at(-1)).toMatchObject({ step: 'error', errorCode: 'invalid_grant' })
    expect(String(steps.at(-1)?.message)).toContain('AADSTS50126')
  }, 60_000)

  it('polls while the code is pending, and gets a token once a script approves the code at the proxy', async () => {
    let approval: Promise<{ status: number; body: Record<string, unknown> }> | undefined
    let refused: Promise<{ status: number; body: Record<string, unknown> }> | undefined
    const before = lines.length
    const polled = (status: number) =>
      lines
        .slice(before)
        .some((line) =>
          line.startsWith(`POST login.microsoftonline.com/contoso.com/oauth2/v2.0/token ${status}`),
        )
    const steps = await msal(['device-code', 'https://graph.microsoft.com/.default'], (step) => {
      if (step.step !== 'device-code') return
      const userCode = String(step.userCode)
      // The script approves once MSAL has been told authorization_pending at least once.
      refused = untilTrue(() => polled(400)).then(() =>
        approve({ userCode, username: 'adele.vance@contoso.com', password: 'wrong' }),
      )
      approval = refused.then(() =>
        approve({ userCode, username: 'adele.vance@contoso.com', password: 'Pa55w.rd-Contoso' }),
      )
    })
    expect(steps[0]?.message).toContain('https://microsoft.com/devicelogin')
    expect(await refused).toMatchObject({ status: 400, body: { error: 'approval_refused' } })
    expect((await approval)?.status).toBe(200)
    const result = steps.at(-1)
    expect(result).toMatchObject({ step: 'device-code-result', username: 'adele.vance@contoso.com' })
    expect(decodeJwt(String(result?.accessToken)).aud).toBe('https://graph.microsoft.com')
  }, 60_000)

  it('takes approvals as JSON from the proxy itself only: not a form, not another origin, not an unknown code', async () => {
    const form = await approve({ userCode: 'X' }, { 'content-type': 'text/plain' })
    expect(form.status).toBe(415)
    const foreign = await approve(
      { userCode: 'X', username: 'adele.vance@contoso.com', password: 'Pa55w.rd-Contoso' },
      { 'content-type': 'application/json', origin: 'https://evil.example' },
    )
    expect(foreign.status).toBe(403)
    const unknown = await approve({
      userCode: 'NOTACODE1',
      username: 'adele.vance@contoso.com',
      password: 'Pa55w.rd-Contoso',
    })
    expect(unknown).toMatchObject({ status: 400, body: { error: 'approval_refused' } })
    expect(String(unknown.body.message)).toContain('AADSTS70018')
  })
})
