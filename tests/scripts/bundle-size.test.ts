import { describe, expect, it } from 'vitest'
import { entryClosure, entryVerdict, type BuiltChunk } from '../../scripts/bundle.mts'

const chunk = (fileName: string, gzipKb: number, imports: string[] = [], isEntry = false): BuiltChunk => ({
  fileName,
  isEntry,
  imports,
  dynamicImports: [],
  bytes: gzipKb * 3 * 1024,
  gzipBytes: gzipKb * 1024,
  modules: {},
})

describe('the entry size check', () => {
  const chunks = [
    chunk('index.js', 80, ['react.js'], true),
    chunk('react.js', 30, ['runtime.js']),
    chunk('runtime.js', 1),
    chunk('msw.js', 170, ['react.js']),
  ]

  it('counts the entry and what it imports statically, transitively, never what loads later', () => {
    expect(
      entryClosure(chunks)
        .map((each) => each.fileName)
        .sort(),
    ).toEqual(['index.js', 'react.js', 'runtime.js'])
  })

  it('also counts a chunk index.html preloads, with its static imports', () => {
    const lazyReactDom = [
      ...chunks,
      chunk('client.js', 60, ['runtime.js', 'scheduler.js']),
      chunk('scheduler.js', 2),
    ]
    expect(
      entryClosure(lazyReactDom, ['client.js'])
        .map((each) => each.fileName)
        .sort(),
    ).toEqual(['client.js', 'index.js', 'react.js', 'runtime.js', 'scheduler.js'])
  })

  it('passes at the budget and fails above it, naming the size and the way to find the cause', () => {
    const entry = entryClosure(chunks)
    expect(entryVerdict(entry, 111)).toMatchObject({ ok: true, kb: 111 })
    const over = entryVerdict(entry, 110)
    expect(over.ok).toBe(false)
    expect(over.message).toContain('111 KB gzipped, over its 110 KB budget')
    expect(over.message).toContain('bundle-report')
  })
})
