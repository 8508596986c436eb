import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/*
 * The folder import rules live in .oxlintrc.json and `npm run lint` enforces them. What lint cannot
 * say is that its own configuration still forbids what it should: this test lints a throwaway tree
 * laid out like the repository, with one import per line, and checks each verdict.
 */

const OXLINT = resolve('node_modules/.bin/oxlint')

/** [file, source line, whether lint must refuse it] */
const CASES: [string, string, boolean][] = [
  ['machines/side-effect.ts', "import 'msw'", true],
  ['machines/re-export.ts', "export { http } from 'msw'", true],
  ['machines/star.ts', "export * from 'msw/node'", true],
  ['machines/dynamic.ts', "export const load = () => import('msw')", true],
  ['machines/react.ts', "import { useState } from 'react'", true],
  ['machines/dom.ts', "import { createRoot } from 'react-dom/client'", true],
  ['machines/node-prefix.ts', "import { readFile } from 'node:fs/promises'", true],
  ['machines/bare-builtin.ts', "import { createServer } from 'http'", true],
  ['machines/bare-subpath.ts', "import { readFile } from 'fs/promises'", true],
  ['machines/device.ts', "import { join } from '../src/device/join.ts'", true],
  ['machines/engine-type.ts', "import type { RunDeps } from '../src/engine/deps.ts'", true],
  ['machines/trace-value.ts', "import { traceSchema } from '../src/trace/schema.ts'", true],
  ['machines/trace-type.ts', "import type { Trace } from '../src/trace/schema.ts'", false],
  ['machines/outcome.ts', "import { JOIN_ERROR_CODES } from '../src/trace/outcome.ts'", false],
  ['machines/xstate.ts', "import { setup } from 'xstate'", false],
  ['mocks/react.ts', "import 'react'", true],
  ['mocks/machines.ts', "export { FLOW_ID } from '../machines/setup.ts'", true],
  ['mocks/machines-type.ts', "import type { FlowActors } from '../machines/actors.ts'", true],
  ['mocks/device.ts', "import { join } from '../src/device/join.ts'", true],
  ['mocks/engine.ts', "import { startRun } from '../src/engine/run.ts'", true],
  ['mocks/checks/deep.ts', "import '../../machines/phases/completion.ts'", true],
  ['mocks/trace.ts', "import { LDAP_RESULT } from '../src/trace/ldap.ts'", false],
  ['mocks/worker.ts', "import { setupWorker } from 'msw/browser'", true],
  ['mocks/browser.ts', "import { setupWorker } from 'msw/browser'", false],
  ['mocks/node.ts', "import { setupServer } from 'msw/node'", false],
  ['mocks/msw.ts', "import { http } from 'msw'", false],
  ['src/device/mocks.ts', "import '../../mocks/tenant.ts'", true],
  ['src/device/mocks-type.ts', "import type { Tenant } from '../../mocks/tenant.ts'", true],
  ['src/device/msw.ts', "export { http } from 'msw'", true],
  ['src/device/react.ts', "import React from 'react'", true],
  ['src/device/node.ts', "import { request } from 'node:https'", true],
  ['src/device/bare-node.ts', "import { request } from 'https'", true],
  ['src/device/machine-value.ts', "import { FLOW_ID } from '../../machines/setup.ts'", true],
  ['src/device/machine-type.ts', "import type { FlowActors } from '../../machines/actors.ts'", false],
  ['src/device/engine.ts', "import { startRun } from '../engine/run.ts'", true],
  ['src/device/trace.ts', "import type { Tokens } from '../trace/ports.ts'", false],
  ['src/trace/xstate.ts', "import { setup } from 'xstate'", true],
  ['src/trace/device.ts', "export { join } from '../device/join.ts'", true],
  ['src/trace/machines-type.ts', "import type { FlowActors } from '../../machines/actors.ts'", true],
  ['src/trace/zod.ts', "import { z } from 'zod'", false],
  ['src/trace/own.ts', "import { JOIN_ERROR_CODES } from './outcome.ts'", false],
]

let root = ''
let refused = new Set<string>()

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lint-rules-'))
  copyFileSync('.oxlintrc.json', join(root, '.oxlintrc.json'))
  for (const [file, line] of CASES) write(file, `${line}\n`)
  // Two modules that import each other: the cycle check must see them.
  write('src/engine/ping.ts', "import { pong } from './pong.ts'\nexport const ping = () => pong\n")
  write('src/engine/pong.ts', "import { ping } from './ping.ts'\nexport const pong = () => ping\n")
  refused = lintFindings(root)
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

function write(file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), text)
}

function lintFindings(dir: string): Set<string> {
  let output: string
  try {
    output = execFileSync(OXLINT, ['-c', '.oxlintrc.json', '-f', 'json', '.'], { cwd: dir, encoding: 'utf8' })
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '') // exit 1 when anything is refused
  }
  const { diagnostics } = JSON.parse(output) as { diagnostics: { code: string; filename: string }[] }
  return new Set(diagnostics.map((d) => `${d.code} ${d.filename.replace(/^\.\//, '')}`))
}

describe('the import rules lint enforces', () => {
  it.each(CASES)('%s: %s (refused: %s)', (file, _line, mustRefuse) => {
    expect(refused.has(`eslint(no-restricted-imports) ${file}`)).toBe(mustRefuse)
  })

  it('refuses an import cycle', () => {
    expect(refused.has('import(no-cycle) src/engine/ping.ts')).toBe(true)
  })

  it.each(['machines/**', 'src/device/**'])('%s: every Node built-in counts, bare or with node:', (files) => {
    const pattern = nodePattern(files)
    const builtins = builtinModules.filter((name) => !name.startsWith('_'))
    expect(builtins.filter((name) => !pattern.test(name) || !pattern.test(`node:${name}`))).toEqual([])
  })
})

type Override = { files: string[]; rules: Record<string, [string, { patterns: { regex?: string }[] }]> }

/** The Node built-ins regex of one folder's rule: a new Node module must not slip past it. */
function nodePattern(files: string): RegExp {
  const config = JSON.parse(readFileSync('.oxlintrc.json', 'utf8')) as { overrides: Override[] }
  const override = config.overrides.find((candidate) => candidate.files.includes(files))
  const patterns = override?.rules['no-restricted-imports']?.[1].patterns ?? []
  return new RegExp(patterns.find((pattern) => pattern.regex?.includes('node:'))?.regex ?? '^$')
}
