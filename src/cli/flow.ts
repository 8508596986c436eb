import { accessSync, constants, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { faultListing, parseFaults } from '../../mocks/faults/catalogue.ts'
import { AFTER_JOIN_SCENARIOS, findScenario, SCENARIOS } from '../../machines/index.ts'
import { defaultStoryFor, findStory, STORIES } from '../stories/catalogue.ts'
import { goingOnAfterJoin } from '../stories/story.ts'
import { explainTraceFailure } from '../explain/failures.ts'
import { describeFailure } from '../trace/outcome.ts'
import { formatExchange, formatStep } from './format.ts'
import { runStoryInNode } from './run-story.ts'

/** Exit codes: 0 registered, 1 the flow failed, 2 a command line it cannot run, 3 `--out` not writable. */
const EXIT = { registered: 0, failed: 1, usage: 2, outNotWritable: 3 } as const

const USAGE = `usage: npm run flow -- <scenario> [--after-join] [--out trace.json] [--software-keys] [--fault <name>]…
       npm run flow -- --story <id> [--after-join] [--out trace.json] [--fault <name>]…
       npm run flow -- --faults
       npm run flow -- --list
       npm run flow -- explain <dsregcmd-status.txt | trace.json | capture.har>`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      story: { type: 'string' },
      list: { type: 'boolean' },
      fault: { type: 'string', multiple: true },
      faults: { type: 'boolean' },
      'software-keys': { type: 'boolean' },
      'after-join': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return print(USAGE, 0)
  if (values.list) return print(listing(), 0)
  if (values.faults) return print(faultListing(), 0)
  if (positionals[0] === 'explain') {
    if (positionals.length > 2) return print(`unexpected argument "${positionals[2]}"\n${USAGE}`, EXIT.usage)
    // Loaded only for explain: a flow run does not pay for the decoders, HAR reader and analyser.
    const { explainFile } = await import('./explain.ts')
    const explained = explainFile(positionals[1])
    return print(explained.text, explained.code)
  }
  const extra = positionals.slice(values.story ? 0 : 1)
  if (extra.length > 0) return print(`unexpected argument "${extra[0]}"\n${USAGE}`, EXIT.usage)
  const faults = parseFaults(values.fault ?? [])
  if (!faults.ok)
    return print(
      `${faults.reasons.map((reason) => `--fault ${reason}`).join('\n')}\n${faultListing()}\n(docs/faults.md)`,
      EXIT.usage,
    )
  const unwritable = values.out === undefined ? undefined : whyNotWritable(values.out)
  if (unwritable)
    return print(`--out "${values.out}": cannot write the trace there (${unwritable})`, EXIT.outNotWritable)
  const afterJoin = values['after-join'] === true
  const scenario = values.story ? findStory(values.story)?.scenario : positionals[0]
  if (afterJoin && scenario && findScenario(scenario) && !findScenario(scenario, true))
    return print(
      `--after-join: ${scenario} has no phases after the join (the cloud flows do: ${AFTER_JOIN_SCENARIOS.map((s) => s.id).join(', ')}).`,
      EXIT.usage,
    )
  const chosen = values.story ? findStory(values.story) : defaultStoryFor(positionals[0] ?? '', afterJoin)
  const story = chosen && afterJoin ? goingOnAfterJoin(chosen) : chosen
  if (!story) {
    const asked = values.story
      ? `story "${values.story}"`
      : positionals[0]
        ? `scenario "${positionals[0]}"`
        : 'no scenario'
    return print(
      `${asked}: not known. Scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}.\n${USAGE}`,
      EXIT.usage,
    )
  }
  console.log(
    `${story.scenario}${story.afterJoin ? ' then first sign-in and Windows Hello' : ''} (story ${story.id}): ${story.title}`,
  )
  for (const { name } of faults.faults) console.log(`fault armed: ${name}`)
  const { trace } = await runStoryInNode(story, {
    softwareKeys: values['software-keys'],
    faults: faults.faults.map((fault) => ({ fault })),
    onStep: (step) => console.log(formatStep(step)),
    onExchange: (exchange) => console.log(formatExchange(exchange)),
  })
  if (values.out) {
    try {
      writeFileSync(values.out, `${JSON.stringify(trace, null, 2)}\n`)
    } catch (error) {
      return print(
        `--out "${values.out}": the trace was not written (${(error as Error).message})`,
        EXIT.outNotWritable,
      )
    }
    console.log(`trace written to ${values.out}`)
  }
  if (trace.outcome === 'registered')
    return print(`registered: device ${trace.artifacts.deviceId}`, EXIT.registered)
  const failure = trace.failure
  // The code a real device would report, so a run reads like the Windows event it stands for.
  const windows = explainTraceFailure(trace)?.client
  const code = windows ? `\n  Windows: ${windows.hex} ${windows.name}` : ''
  return print(
    `failed in phase ${failure?.phase ?? '?'}: ${trace.outcome}: ${describeFailure(trace.outcome)}\n  ${failure?.message ?? ''}${code}`,
    EXIT.failed,
  )
}

// Checked before the run, so a run of minutes is not lost to a typo in the path.
function whyNotWritable(path: string): string | undefined {
  try {
    const existing = statSync(path, { throwIfNoEntry: false })
    if (existing?.isDirectory()) return 'it is a folder'
    accessSync(existing ? path : dirname(path), constants.W_OK)
    if (!existing && !statSync(dirname(path)).isDirectory()) return `${dirname(path)} is not a folder`
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `${dirname(path)} does not exist`
      : (error as Error).message
  }
}

function listing(): string {
  return STORIES.map((story) => `${story.id.padEnd(32)} ${story.scenario.padEnd(16)} ${story.title}`).join(
    '\n',
  )
}

function print(text: string, code: number): number {
  ;(code === 0 ? console.log : console.error)(text)
  return code
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
    // parseArgs refuses unknown options and missing values: a command line problem, not a failed flow.
    const code = (error as NodeJS.ErrnoException).code ?? ''
    process.exit(code.startsWith('ERR_PARSE_ARGS') ? EXIT.usage : EXIT.failed)
  },
)
