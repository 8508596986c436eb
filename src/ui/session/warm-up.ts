// What a live run needs, in the order it needs it, loaded one idle period at a time after the first
// paint, so evaluating a chunk never lands in the middle of a run (or of a click) as a long task.
// The first screen needs none of it. node-forge is not here: the page only uses it in the key worker.
// Nor is zod: a run stamps its trace with the constants of src/trace/version.ts, and the schema
// only checks traces that are read, in the trace reader's worker.
// Nor is the payload decoder on this thread: the inspector decodes in its worker (decoder.ts),
// which is started last, in idle time, so that its compile (off this thread, but a whole core of
// two) is over before a run or an opened trace draws its first frames.
// A module graph evaluates in one task, so the run's big libraries come first, each on its own,
// and the modules that import them find them evaluated already.
import { inNextTask } from '../first-screen/next-task.ts'

const RUN_CHUNKS = [
  () => import('./live-run.ts'),
  () => import('../../engine/run.ts'),
  () => import('../../../mocks/tenant.ts'),
  () => import('../../engine/tenant-host.ts'),
  () => import('../../device/keys/webcrypto-provider.ts'),
  () => import('../inspector/InspectorDetail.tsx'),
  () => import('../explain/FailureExplained.tsx'),
  () => import('../inspector/decoder.ts').then((decoder) => decoder.startDecoder()),
]

/**
 * The next idle period, or, once `wanted` has settled, the next task: someone is waiting for what
 * loads next, so an idle period is no longer worth waiting for (each part still evaluates in a task
 * of its own). Without this a run started before the page was warm waited for the idle periods of
 * every part still to load, up to the 2 s timeout each when none came: 25 s of an empty stage
 * after Start, seen with `npm start` in presenter mode, where Chromium ran no idle callback
 * until something asked for a frame.
 */
function whenIdle(wanted?: Promise<void>): Promise<void> {
  const idle = new Promise<void>((resolve) => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(() => resolve(), { timeout: 2000 })
    else setTimeout(resolve, 200)
  })
  if (!wanted) return idle
  const nextTask = wanted.then(() => new Promise<void>((resolve) => inNextTask(resolve)))
  return Promise.race([idle, nextTask])
}

/**
 * Runs each import in an idle period of its own, in order: a graph too big to evaluate in one
 * short task, loaded as its parts in the order they depend on each other. Once `wanted` settles,
 * the parts left load one task after another instead.
 */
export async function importInTurn(
  imports: ReadonlyArray<() => Promise<unknown>>,
  wanted?: Promise<void>,
): Promise<void> {
  for (const load of imports) {
    await whenIdle(wanted)
    await load()
  }
}

/**
 * Once the page is idle, starts the emulated services (`startServices`), then loads the run's
 * chunks, one idle period each; a chunk that fails loads again when used. `npm run bench` reads
 * the two marks: what the page loaded before it was first idle, and once it is warm.
 */
export async function warmUpWhenIdle(startServices: () => Promise<unknown>): Promise<void> {
  await whenIdle()
  performance.mark('djt:idle')
  for (const load of [startServices, ...RUN_CHUNKS]) {
    await load().catch(() => undefined)
    await whenIdle()
  }
  performance.mark('djt:warm')
}
