import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

function importsOf(path: string): string[] {
  return [
    ...readFileSync(path, 'utf8').matchAll(/^\s*import\s+(type\s+)?[^'"]*from\s+['"]([^'"]+)['"]/gm),
  ].map((match) => (match[1] ? `type:${match[2]}` : match[2]!))
}

const violations = (dir: string, forbidden: (specifier: string, file: string) => boolean) =>
  sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => forbidden(specifier, file))
      .map((specifier) => `${file} imports ${specifier}`),
  )

describe('import rules', () => {
  it('keeps machines pure: xstate and types only, no React, MSW, node: or device code', () => {
    expect(
      violations(
        'machines',
        (s) =>
          /react|msw|^node:|src\/device|src\/engine/.test(s) ||
          (s.includes('src/') && !s.startsWith('type:') && !s.includes('src/trace')),
      ),
    ).toEqual([])
  })
  it('keeps mocks standing alone: no React, machines or device code, and msw/browser only in browser.ts', () => {
    expect(
      violations(
        'mocks',
        (s, file) =>
          /react|machines|\/src\//.test(s) ||
          (s.startsWith('msw/browser') && !file.endsWith('browser.ts')) ||
          (s.startsWith('msw/node') && !file.endsWith('node.ts')),
      ),
    ).toEqual([])
  })
  it('keeps device code free of React, MSW and machines', () => {
    expect(violations('src/device', (s) => /react|msw|machines|engine/.test(s))).toEqual([])
  })
})
