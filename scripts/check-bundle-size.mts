// Part of npm test: builds the app and fails when the entry JavaScript (the entry chunk and the
// chunks it imports statically, gzipped) passes its budget. Size is not noisy, so unlike timings
// it belongs in the tests; `npm run bench` reports it too, with the rest of the figures.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBundle, entryVerdict } from './bundle.mts'

const outDir = mkdtempSync(join(tmpdir(), 'djt-size-'))
try {
  const verdict = entryVerdict((await buildBundle(outDir)).entry)
  console.log(verdict.message)
  if (!verdict.ok) process.exitCode = 1
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
