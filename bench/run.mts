// npm run bench [-- --out <file>] [-- --only keys,engine,page,server]: every figure of every bench
// module with its budget and a pass/fail mark, written as JSON (bench/results/<date>.json unless
// --out says otherwise) so two commits can be compared. Exits 1 when a figure breaks its budget.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { engineFigures } from './engine.bench.mts'
import { withinBudget, type Figure } from './figure.ts'
import { keyFigures } from './keys.bench.mts'
import { pageFigures } from './page.bench.mts'
import { serverLoad } from './server-load.mts'

type Report = (figure: Figure) => void
/** A bench module's figures; `report` prints each as soon as it is known. */
type Part = (report: Report) => Promise<Figure[]>

/** A module that returns its figures all at once, reported when they come. */
const atOnce =
  (measure: () => Promise<Figure[]>): Part =>
  async (report) => {
    const figures = await measure()
    figures.forEach(report)
    return figures
  }

const PARTS: Record<string, Part> = {
  keys: atOnce(keyFigures),
  engine: atOnce(engineFigures),
  page: pageFigures,
  server: atOnce(() => serverLoad()),
}

const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } })
const chosen = values.only ? values.only.split(',') : Object.keys(PARTS)
const unknown = chosen.filter((name) => !(name in PARTS))
if (unknown.length > 0) {
  console.error(`Unknown part(s): ${unknown.join(', ')}. Parts: ${Object.keys(PARTS).join(', ')}.`)
  process.exit(2)
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
}
console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`)

function mark(figure: Figure): string {
  const { max, min } = figure.budget ?? {}
  if (max === undefined && min === undefined) return '       '
  const budget = max !== undefined ? `≤ ${max}` : `≥ ${min}`
  return `${withinBudget(figure) ? 'pass' : 'FAIL'} (${budget})`
}

const print: Report = (figure) =>
  console.log(
    `${mark(figure).padEnd(16)} ${figure.name.padEnd(72)} ${String(figure.value).padStart(8)} ${figure.unit}` +
      (figure.detail ? `\n${' '.repeat(17)}${figure.detail}` : ''),
  )

const figures: Figure[] = []
for (const name of chosen) {
  const started = performance.now()
  const part = await PARTS[name]!(print).catch((error: unknown) => {
    // A part that cannot run is a broken budget, not a crash: the other parts still report.
    const figure: Figure = {
      name: `${name}: could not be measured`,
      value: 1,
      unit: 'error',
      budget: { max: 0 },
      detail: String(error instanceof Error ? error.message : error).split('\n')[0],
    }
    print(figure)
    return [figure]
  })
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`)
  figures.push(...part)
}

const broken = figures.filter((figure) => !withinBudget(figure))
const date = new Date().toISOString()
const out = values.out ?? `bench/results/${date.slice(0, 10)}.json`
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify({ date, machine, parts: chosen, figures }, null, 2)}\n`)
console.log(
  `${figures.length} figures, ${broken.length} over budget${broken.length ? `: ${broken.map((figure) => figure.name).join('; ')}` : ''}. Written to ${out}.`,
)
if (broken.length > 0) process.exitCode = 1
