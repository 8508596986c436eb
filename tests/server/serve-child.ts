import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ServeChild {
  child: ChildProcess
  port: number
  caPath: string
  /** What it printed so far, stdout and stderr, a line each. */
  lines: string[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** `npm run serve` as its own process (so it can be killed as a user would), once it is listening. */
export function startServeChild(args: string[], cwd?: string): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.SERVE_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      'src/server/serve.ts',
      '--port',
      '0',
      '--data',
      mkdtempSync(join(tmpdir(), 'djt-child-')),
      ...args,
    ],
    { cwd },
  )
  const lines: string[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  return new Promise((resolve, reject) => {
    let pending = ''
    const read = (chunk: Buffer) => {
      const text = pending + chunk.toString()
      const complete = text.split('\n')
      pending = complete.pop() ?? ''
      lines.push(...complete)
      if (!complete.some((line) => line.includes('Ctrl-C stops'))) return
      const port = Number(/^HTTPS_PROXY=http:\/\/[^:]+:(\d+)$/m.exec(lines.join('\n'))?.[1])
      const caPath = /^SSL_CERT_FILE=(.+)$/m.exec(lines.join('\n'))?.[1] ?? ''
      resolve({ child, port, caPath, lines, exited })
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('error', reject)
    void exited.then(({ code }) =>
      reject(new Error(`serve exited (${code}) before listening:\n${lines.join('\n')}`)),
    )
  })
}
