// What a page's V8 heap holds apart from compiled code, read from a heap snapshot.
//
// Why apart: replaying stories over and over makes V8 optimise more of the page's functions, and
// their machine code lives in the same heap. Measured (2026-12-03, 600 replays, snapshots at 20,
// 200 and 600): the heap's objects other than code were 3.457, 3.458 and 3.462 MB, its code 3.46,
// 4.07 and 4.39 MB. What replays leave behind shows in the first figure; the second is V8's cache.
import type { CDPSession } from 'playwright-core'

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
}

/** Bytes by node type ("object", "code", "native"…) in a heap snapshot taken after a GC. */
export async function heapBytesByType(cdp: CDPSession): Promise<Map<string, number>> {
  const chunks: string[] = []
  const collect = ({ chunk }: { chunk: string }) => void chunks.push(chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', collect)
  }
  const snapshot = JSON.parse(chunks.join('')) as HeapSnapshot
  const fields = snapshot.snapshot.meta.node_fields
  const types = snapshot.snapshot.meta.node_types[0]
  const type = fields.indexOf('type')
  const size = fields.indexOf('self_size')
  const bytes = new Map<string, number>()
  for (let node = 0; node < snapshot.nodes.length; node += fields.length) {
    const name = types[snapshot.nodes[node + type]!]!
    bytes.set(name, (bytes.get(name) ?? 0) + snapshot.nodes[node + size]!)
  }
  return bytes
}

/**
 * The JavaScript heap's objects without compiled code ("code") and without what the snapshot calls
 * "native": Blink's own objects (outside the JS heap) and V8's wrappers of code-related data.
 */
export const objectBytes = (bytes: Map<string, number>): number =>
  [...bytes].filter(([type]) => type !== 'code' && type !== 'native').reduce((sum, [, size]) => sum + size, 0)
