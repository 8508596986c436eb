// What a production build is made of: every chunk with its size (raw and gzipped), the modules it
// holds, and which chunks the page must load before its first line runs. Shared by the bundle
// report, the size check in `npm test` and `npm run bench`.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Plugin, type Rolldown } from 'vite'

export interface BuiltChunk {
  fileName: string
  isEntry: boolean
  /** Chunks this one imports statically: the browser loads them before this one runs. */
  imports: string[]
  dynamicImports: string[]
  bytes: number
  gzipBytes: number
  /** Rendered length of each module in the chunk (before minification), by module id. */
  modules: Record<string, number>
}

export interface Bundle {
  chunks: BuiltChunk[]
  /** The entry chunk and every chunk it imports statically, transitively: the page's first load. */
  entry: BuiltChunk[]
  /** Each module's static imports (module ids), to explain why a module is in the first load. */
  graph: Map<string, readonly string[]>
}

/** The gzipped size as a static host would send it (gzip's default level, like Vite's report). */
export const gzipSize = (code: string | Uint8Array): number => gzipSync(code).length

function collect(into: BuiltChunk[], graph: Map<string, readonly string[]>): Plugin {
  return {
    name: 'bundle-collect',
    apply: 'build',
    generateBundle(_options, output) {
      for (const id of this.getModuleIds()) graph.set(id, this.getModuleInfo(id)?.importedIds ?? [])
      for (const file of Object.values(output)) {
        if (file.type !== 'chunk') continue
        into.push(describe(file))
      }
    },
  }
}

function describe(chunk: Rolldown.OutputChunk): BuiltChunk {
  const modules: Record<string, number> = {}
  for (const [id, info] of Object.entries(chunk.modules)) modules[id] = info.renderedLength
  return {
    fileName: chunk.fileName,
    isEntry: chunk.isEntry,
    imports: chunk.imports,
    dynamicImports: chunk.dynamicImports,
    bytes: Buffer.byteLength(chunk.code),
    gzipBytes: gzipSize(chunk.code),
    modules,
  }
}

/** The chunks the first load fetches at once: the entry, its static imports, and the chunks index.html names with theirs. */
export function entryClosure(chunks: readonly BuiltChunk[], preloaded: readonly string[] = []): BuiltChunk[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const entry = chunks.find((chunk) => chunk.isEntry)
  if (!entry) throw new Error('The build has no entry chunk.')
  const seen = new Map<string, BuiltChunk>()
  const visit = (chunk: BuiltChunk) => {
    if (seen.has(chunk.fileName)) return
    seen.set(chunk.fileName, chunk)
    for (const name of chunk.imports) {
      const imported = byName.get(name)
      if (imported) visit(imported)
    }
  }
  visit(entry)
  for (const name of preloaded) {
    const chunk = byName.get(name)
    if (chunk) visit(chunk)
  }
  return [...seen.values()]
}

/** Builds the app for production into `outDir` and describes what came out. */
export async function buildBundle(outDir: string): Promise<Bundle> {
  const chunks: BuiltChunk[] = []
  const graph = new Map<string, readonly string[]>()
  await build({
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
    plugins: [collect(chunks, graph)],
  })
  // index.html names what the first load fetches at once (the entry and the chunks it preloads,
  // React DOM among them), whether as tags or in the script that requests them after the first paint.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const preloaded = [...html.matchAll(/\.\/(assets\/[^"'\s]+\.js)/g)].map((m) => m[1]!)
  return { chunks, entry: entryClosure(chunks, preloaded), graph }
}

export const kilobytes = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10

/**
 * The chain of static imports from `from` to the first module whose id contains `target`: why
 * that module loads with `from`. Undefined when only a dynamic import (or nothing) reaches it.
 */
export function staticChain(
  graph: ReadonlyMap<string, readonly string[]>,
  from: string,
  target: string,
): string[] | undefined {
  const previous = new Map<string, string | undefined>([[from, undefined]])
  const queue = [from]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (id.includes(target)) {
      const chain: string[] = []
      for (let at: string | undefined = id; at !== undefined; at = previous.get(at)) chain.unshift(at)
      return chain
    }
    for (const next of graph.get(id) ?? [])
      if (!previous.has(next)) {
        previous.set(next, id)
        queue.push(next)
      }
  }
  return undefined
}

/** The budget for the page's entry JavaScript (the entry and its static imports), gzipped. */
export const ENTRY_BUDGET_KB = 120

/** The first load's gzipped size against its budget, as one line saying which side of it it is on. */
export function entryVerdict(entry: readonly BuiltChunk[], budgetKb = ENTRY_BUDGET_KB) {
  const kb = kilobytes(entry.reduce((sum, chunk) => sum + chunk.gzipBytes, 0))
  const files = entry.map((chunk) => chunk.fileName).join(', ')
  const ok = kb <= budgetKb
  const message = ok
    ? `Entry JavaScript: ${kb} KB gzipped, within its ${budgetKb} KB budget (${files}).`
    : `Entry JavaScript: ${kb} KB gzipped, over its ${budgetKb} KB budget (${files}). ` +
      'Run npm run bundle-report -- --why <module> to see what pulls a module into the first load.'
  return { ok, kb, message }
}
