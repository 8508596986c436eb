import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** The clock module: the only place that may read the wall clock or use the platform's timers. */
const CLOCK_MODULES = ['src/engine/run-clock.ts']
/** The page's own timers (playback, the service worker's warm-up) are the UI's, not a run's. */
const OUTSIDE_THE_RUN = ['src/ui/']

const READS_TIME: Array<[string, RegExp]> = [
  ['Date.now', /\bDate\.now\b/],
  ['new Date() without a time', /\bnew Date\(\s*\)/],
  ['performance.now', /\bperformance\.now\b/],
  ['a global timer', /(?<![.\w'"])(setTimeout|setInterval|setImmediate|clearTimeout|clearInterval)\b/],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(tsx?|mts)$/.test(name) ? [path] : []
  })
}

// Comments may name what they avoid; code may not use it.
const code = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')

function timeReads(dirs: string[]): string[] {
  return dirs
    .flatMap(sourceFiles)
    .filter((file) => !CLOCK_MODULES.includes(file) && !OUTSIDE_THE_RUN.some((dir) => file.startsWith(dir)))
    .flatMap((file) =>
      code(readFileSync(file, 'utf8'))
        .split('\n')
        .flatMap((line, index) =>
          READS_TIME.filter(([, pattern]) => pattern.test(line)).map(
            ([what]) => `${file}:${index + 1} uses ${what}`,
          ),
        ),
    )
}

describe('one clock per run', () => {
  it('reads time and sets timers only in the clock module: the machines, services, engine, server and CLI get a clock', () => {
    expect(timeReads(['machines', 'mocks', 'src', 'scripts'])).toEqual([])
  })

  it('would catch a new Date.now or setTimeout (the check itself works)', () => {
    const read = (line: string) => READS_TIME.some(([, pattern]) => pattern.test(code(line)))
    expect(read('const at = Date.now()')).toBe(true)
    expect(read('setTimeout(() => done(), 10)')).toBe(true)
    expect(read('const today = new Date()')).toBe(true)
    expect(read('clock.setTimeout(fire, 10)')).toBe(false)
    expect(read('new Date(now).toISOString()')).toBe(false)
    expect(read('// Date.now is not read here')).toBe(false)
  })
})
