// Which trace this is and which versions a reader takes, apart from the schema: the recorder that
// stamps them on every run needs these three values, not zod and the whole schema, so a live run on
// the page loads no schema library.

export const TRACE_FORMAT = 'device-join-trace'
/** Bump on any change that an older reader would misread (src/trace/schema.ts). */
export const TRACE_VERSION = 2
/** Versions `parseTrace` still reads and brings up to TRACE_VERSION (src/trace/upgrade.ts). */
export const OLDER_TRACE_VERSIONS = [1] as const
