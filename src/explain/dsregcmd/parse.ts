/**
 * Reads the text of `dsregcmd /status` from a real device: the current boxed layout (names
 * right-aligned, `Name : Value`) and the old flat one of Windows 10 1607–1709 (`Name: Value`). Names
 * match case-insensitively and a field is found wherever it is, not only in its usual box
 * (diagnostics.md §1.1). Hostile or foreign text is refused with a reason, never thrown.
 */
interface DsregField {
  name: string
  value: string
}

interface DsregSection {
  title: string
  fields: DsregField[]
}

export interface DsregReport {
  sections: DsregSection[]
}

export type DsregParse = { ok: true; report: DsregReport } | { ok: false; reason: string }

export const MAX_INPUT = 512 * 1024
const MAX_NAME = 48
/** Fields every dsregcmd /status prints, whatever the layout; one is enough to recognise it. */
const ANCHORS = ['azureadjoined', 'domainjoined', 'workplacejoined', 'enterprisejoined']
const NO_SECTION = '(before any section)'

export function parseDsregStatus(input: string): DsregParse {
  if (typeof input !== 'string') return { ok: false, reason: 'The input is not text.' }
  if (input.length > MAX_INPUT)
    return {
      ok: false,
      reason: `The text is ${input.length} characters; dsregcmd /status output is far below ${MAX_INPUT}.`,
    }
  if (hasControlCharacters(input))
    return {
      ok: false,
      reason: 'The text holds control characters: it is not the output of dsregcmd /status.',
    }
  const sections: DsregSection[] = []
  let current: DsregSection | undefined
  for (const raw of input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const title = sectionTitle(raw)
    if (title !== undefined) {
      current = { title, fields: [] }
      sections.push(current)
      continue
    }
    const field = splitField(raw)
    if (!field) continue
    if (!current) {
      current = { title: NO_SECTION, fields: [] }
      sections.push(current)
    }
    current.fields.push(field)
  }
  const report = { sections: sections.filter((section) => section.fields.length > 0) }
  if (!ANCHORS.some((anchor) => fieldValue(report, anchor) !== undefined))
    return {
      ok: false,
      reason:
        'No AzureAdJoined, DomainJoined, EnterpriseJoined or WorkplaceJoined line: this does not look like the output of dsregcmd /status.',
    }
  return { ok: true, report }
}

// Tabs, line ends and form feeds are text; the other C0 controls mean a binary file.
function hasControlCharacters(input: string): boolean {
  for (let index = 0; index < input.length; index++) {
    const code = input.charCodeAt(index)
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) return true
  }
  return false
}

/** `| Device State          |` → `Device State`; a rule or anything else → undefined. */
function sectionTitle(line: string): string | undefined {
  const text = line.trim()
  if (!text.startsWith('|') || !text.endsWith('|') || text.length < 3) return undefined
  const title = text.slice(1, -1).trim()
  return title.length > 0 && title.length <= 70 ? title : undefined
}

/**
 * `      AzureAdJoined : YES` or `  AzureAdJoined: YES`: split on the first ` : ` (values hold colons,
 * URLs and `AzureAD\user, upn`), else on the first `: ` for the old layout; a name ending the line
 * with ` :` has an empty value.
 */
function splitField(line: string): DsregField | undefined {
  const padded = `${line.replace(/\s+$/, '')} `
  let at = padded.indexOf(' : ')
  let width = 3
  if (at < 0) {
    at = padded.indexOf(': ')
    width = 2
  }
  if (at < 0) return undefined
  const name = padded.slice(0, at).trim()
  if (!name || name.length > MAX_NAME || !/^[A-Za-z][A-Za-z0-9 ._()-]*$/.test(name)) return undefined
  return { name, value: padded.slice(at + width).trim() }
}

/** A field's value wherever it is (first seen), name matched case-insensitively; or in one section. */
export function fieldValue(report: DsregReport, name: string, section?: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const candidate of report.sections) {
    if (section && candidate.title.toLowerCase() !== section.toLowerCase()) continue
    const field = candidate.fields.find((entry) => entry.name.toLowerCase() === wanted)
    if (field) return field.value
  }
  return undefined
}

export function hasSection(report: DsregReport, title: string): boolean {
  return report.sections.some((section) => section.title.toLowerCase() === title.toLowerCase())
}
