import { analyseDsregStatus, type DeviceAnalysis } from '../../explain/dsregcmd/analyse.ts'
import { parseDsregStatus } from '../../explain/dsregcmd/parse.ts'

export type Result = { ok: true; analysis: DeviceAnalysis } | { ok: false; reason: string }

/** A real device's `dsregcmd /status` text read and analysed, or the reason it was refused. */
export function explain(text: string): Result {
  const parsed = parseDsregStatus(text)
  return parsed.ok ? { ok: true, analysis: analyseDsregStatus(parsed.report) } : parsed
}
