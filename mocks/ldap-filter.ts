/**
 * RFC 4515 search filters, the subset directory clients use here: equality `(a=v)`, presence
 * `(a=*)`, substrings `(a=v*w)`, and `&`, `|`, `!`. Ordering, approximate and extensible matches
 * are refused by name. The npm parsers are not an option: `ldap-filter` (0.3.3) needs Node's
 * `assert`, and `@ldapjs/filter` belongs to the archived ldapjs and pulls its BER codec along; so
 * this small one is tested on its own (tests/mocks/ldap-filter.test.ts).
 */
export type LdapFilter =
  | { kind: 'and' | 'or'; filters: LdapFilter[] }
  | { kind: 'not'; filter: LdapFilter }
  | { kind: 'present'; attribute: string }
  | { kind: 'equal'; attribute: string; value: string }
  | { kind: 'substring'; attribute: string; initial: string; any: string[]; final: string }

// RFC 4512 descr or numericoid, with optional ;options.
const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)(?:;[A-Za-z0-9-]+)*$/

export class FilterSyntaxError extends Error {}

export function parseFilter(text: string): LdapFilter {
  const { filter, rest } = parseAt(text.trim())
  if (rest !== '') throw new FilterSyntaxError(`Unexpected text after the filter: "${rest}"`)
  return filter
}

function parseAt(text: string): { filter: LdapFilter; rest: string } {
  if (!text.startsWith('(')) throw new FilterSyntaxError(`A filter must start with "(": "${text}"`)
  const operator = text[1]
  if (operator === '&' || operator === '|') {
    const filters: LdapFilter[] = []
    let rest = text.slice(2)
    while (rest.startsWith('(')) {
      const parsed = parseAt(rest)
      filters.push(parsed.filter)
      rest = parsed.rest
    }
    return { filter: { kind: operator === '&' ? 'and' : 'or', filters }, rest: closing(rest) }
  }
  if (operator === '!') {
    const parsed = parseAt(text.slice(2))
    return { filter: { kind: 'not', filter: parsed.filter }, rest: closing(parsed.rest) }
  }
  const end = text.indexOf(')')
  if (end < 0) throw new FilterSyntaxError(`Unclosed filter: "${text}"`)
  const item = text.slice(1, end)
  const equals = item.indexOf('=')
  if (equals <= 0) throw new FilterSyntaxError(`"${item}" is not attribute=value`)
  const attribute = item.slice(0, equals)
  if (/[~<>:]$/.test(attribute))
    throw new FilterSyntaxError(`"${item}": only equality, presence and substring filters are supported`)
  if (!ATTRIBUTE.test(attribute))
    throw new FilterSyntaxError(`"${attribute}" is not an attribute description`)
  return { filter: assertion(attribute, item.slice(equals + 1)), rest: text.slice(end + 1) }
}

// An unescaped `*` makes presence or substrings; `\2a` is a literal star, so split before unescaping.
function assertion(attribute: string, raw: string): LdapFilter {
  if (raw === '*') return { kind: 'present', attribute }
  if (!raw.includes('*')) return { kind: 'equal', attribute, value: unescape(raw) }
  const parts = raw.split('*').map(unescape)
  return {
    kind: 'substring',
    attribute,
    initial: parts[0]!,
    any: parts.slice(1, -1).filter((part) => part !== ''),
    final: parts.at(-1)!,
  }
}

function closing(rest: string): string {
  if (!rest.startsWith(')')) throw new FilterSyntaxError(`Expected ")" at "${rest}"`)
  return rest.slice(1)
}

// RFC 4515 escapes bytes as a backslash and two hex digits; runs of them are UTF-8.
function unescape(value: string): string {
  if (/\\(?![0-9a-fA-F]{2})/.test(value))
    throw new FilterSyntaxError(`"${value}" has a backslash not followed by two hex digits`)
  return value.replace(/(?:\\[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split('\\'), (hex) => parseInt(hex, 16))
    return new TextDecoder().decode(bytes)
  })
}

/** Attribute names compare without case; values compare without case too (caseIgnoreMatch). */
export function matches(filter: LdapFilter, entry: Record<string, string[]>): boolean {
  // Options such as ;binary do not change which attribute is meant.
  const valuesOf = (attribute: string) =>
    Object.entries(entry).find(
      ([name]) => name.toLowerCase() === attribute.split(';')[0]!.toLowerCase(),
    )?.[1] ?? []
  switch (filter.kind) {
    case 'and':
      return filter.filters.every((inner) => matches(inner, entry))
    case 'or':
      return filter.filters.some((inner) => matches(inner, entry))
    case 'not':
      return !matches(filter.filter, entry)
    case 'present':
      return valuesOf(filter.attribute).length > 0
    case 'equal':
      return valuesOf(filter.attribute).some((value) => value.toLowerCase() === filter.value.toLowerCase())
    case 'substring':
      return valuesOf(filter.attribute).some((value) => substringMatch(value.toLowerCase(), filter))
  }
}

// initial, then each `any` in order after it, then final at the end, none overlapping (RFC 4517 substrings).
function substringMatch(value: string, filter: Extract<LdapFilter, { kind: 'substring' }>): boolean {
  const initial = filter.initial.toLowerCase()
  const final = filter.final.toLowerCase()
  if (!value.startsWith(initial) || value.length < initial.length + final.length) return false
  let from = initial.length
  for (const part of filter.any.map((any) => any.toLowerCase())) {
    const at = value.indexOf(part, from)
    if (at < 0) return false
    from = at + part.length
  }
  return value.length - final.length >= from && value.endsWith(final)
}
