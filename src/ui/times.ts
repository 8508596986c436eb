/**
 * Milliseconds as a person reads them: `420 ms`, `2.5 s`, `30 min 2 s`, `1 h 5 min 12 s`. Past a
 * minute the whole seconds are rounded once, before they are split, so 59.6 s into a minute reads
 * as the next minute, never as "60 s"; past an hour the seconds stay, since a real device's log
 * can span hours and its requests seconds apart must not read the same.
 */
export function formatMs(ms: number): string {
  if (ms < 999.5) return `${Math.round(ms)} ms`
  if (ms < 59_950) return `${Number((ms / 1000).toFixed(ms < 9_995 ? 2 : 1))} s`
  const seconds = Math.round(ms / 1000)
  const [hours, minutes] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60)]
  const rest = `${minutes} min ${seconds % 60} s`
  return hours ? `${hours} h ${rest}` : rest
}

/** A moment on the run's clock as UTC time of day, to the millisecond: `09:00:01.234 UTC`. */
export function formatClockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 23)} UTC`
}
