import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { SCENARIOS } from '../../machines/index.ts'
import { defaultStoryFor, findStory, STORIES } from '../stories/catalogue.ts'
import { describeFailure } from '../trace/outcome.ts'
import { explainFile } from './explain.ts'
import { formatExchange, formatStep } from './format.ts'
import { runStoryInNode } from './run-story.ts'

const USAGE = `usage: npm run flow -- <scenario> [--out trace.json] [--software-keys]
       npm run flow -- --story <id> [--out trace.json]
       npm run flow -- --list
       npm run flow -- explain <dsregcmd-status.txt | trace.json>`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      story: { type: 'string' },
      list: { type: 'boolean' },
      'software-keys': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return print(USAGE, 0)
  if (values.list) return print(listing(), 0)
  if (positionals[0] === 'explain') {
    const explained = explainFile(positionals[1])
    return print(explained.text, explained.code)
  }
  const story = values.story ? findStory(values.story) : defaultStoryFor(positionals[0] ?? '')
  if (!story) {
    const asked = values.story
      ? `story "${values.story}"`
      : positionals[0]
        ? `scenario "${positionals[0]}"`
        : 'no scenario'
    return print(`${asked}: not known. Scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}.\n${USAGE}`, 2)
  }
  console.log(`${story.scenario} (story ${story.id}): ${story.title}`)
  const { trace } = await runStoryInNode(story, {
    softwareKeys: values['software-keys'],
    onStep: (step) => console.log(formatStep(step)),
    onExchange: (exchange) => console.log(formatExchange(exchange)),
  })
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(trace, null, 2)}\n`)
    console.log(`trace written to ${values.out}`)
  }
  if (trace.outcome === 'registered') return print(`registered: device ${trace.artifacts.deviceId}`, 0)
  const failure = trace.failure
  return print(
    `failed in phase ${failure?.phase ?? '?'}: ${trace.outcome}: ${describeFailure(trace.outcome)}\n  ${failure?.message ?? ''}`,
    1,
  )
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
    process.exit(1)
  },
)
