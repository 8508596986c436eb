// The chunks a live run needs, in the order a run needs them. Each is loaded in an idle period of
// its own after the first paint, so evaluating them (forge alone takes ~100 ms) never lands in the
// middle of a run as a long task.
const CHUNKS = [
  () => import('../../engine/run.ts'),
  () => import('../../device/keys/webcrypto-provider.ts'),
  () => import('../inspector/decode-payload.ts'),
  () => import('../../device/keys/forge-provider.ts'),
]

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(() => resolve(), { timeout: 2000 })
    else setTimeout(resolve, 200)
  })
}

/** Loads the run's chunks one idle period at a time; a chunk that fails loads again when used. */
export async function warmUpWhenIdle(): Promise<void> {
  for (const load of CHUNKS) {
    await whenIdle()
    await load().catch(() => undefined)
  }
  // `npm run bench` waits for this before it starts a run, as a user reading the page would.
  performance.mark('djt:warm')
}
