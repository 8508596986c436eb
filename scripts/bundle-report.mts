// npm run bundle-report [-- --why <module>…]: what each chunk of the production build holds, the
// first load (entry and its static imports) first, each with its largest packages and folders.
// `--why node-forge` prints the chain of static imports that pulls a module into the first load.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { buildBundle, kilobytes, staticChain, type BuiltChunk } from './bundle.mts'

const { values } = parseArgs({
  options: { why: { type: 'string', multiple: true }, top: { type: 'string' } },
})
const TOP = Number(values.top ?? 8)

/** A module's owner: its npm package, or its folder in this repository (two levels). */
function owner(id: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)
  if (inPackage) return inPackage[1]!
  return relative(process.cwd(), id).split('/').slice(0, 2).join('/')
}

function largestOwners(chunk: BuiltChunk): string {
  const sizes = new Map<string, number>()
  for (const [id, length] of Object.entries(chunk.modules))
    sizes.set(owner(id), (sizes.get(owner(id)) ?? 0) + length)
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, length]) => `${name} ${kilobytes(length)}`)
    .join(', ')
}

function line(chunk: BuiltChunk): string {
  const size = `${kilobytes(chunk.bytes)} KB, ${kilobytes(chunk.gzipBytes)} KB gz`
  return `  ${chunk.fileName.padEnd(52)} ${size.padStart(24)}\n      ${largestOwners(chunk)}`
}

const outDir = mkdtempSync(join(tmpdir(), 'djt-bundle-'))
try {
  const { chunks, entry, graph } = await buildBundle(outDir)
  const first = new Set(entry.map((chunk) => chunk.fileName))
  const total = (list: BuiltChunk[]) => kilobytes(list.reduce((sum, chunk) => sum + chunk.gzipBytes, 0))
  const later = chunks.filter((chunk) => !first.has(chunk.fileName)).sort((a, b) => b.bytes - a.bytes)
  console.log(`First load (entry and its static imports): ${total(entry)} KB gz`)
  for (const chunk of entry) console.log(line(chunk))
  console.log(`\nLoaded later, on demand (${later.length} chunks, ${total(later)} KB gz), largest first`)
  for (const chunk of later.slice(0, TOP * 2)) console.log(line(chunk))
  console.log('  (module sizes are before minification; chunk sizes after)')
  const main = [...graph.keys()].find((id) => id.endsWith('/src/main.tsx'))
  for (const target of values.why ?? []) {
    const chain = main ? staticChain(graph, main, target) : undefined
    console.log(`\nWhy ${target} loads first:`)
    console.log(chain ? chain.map((id) => `  ${relative(process.cwd(), id)}`).join('\n') : '  it does not')
  }
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
