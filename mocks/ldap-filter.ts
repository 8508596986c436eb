/**
 * RFC 4515 search filters, the subset directory clients use here: equality `(a=v)`, presence
 * `(a=*)`, and `&`, `|`, `!`. No well-kept filter parser runs in the browser without Node
 * polyfills, so this small one is tested on its own (tests/mocks/ldap-filter.test.ts).
 */
export type LdapFilter =
  | { kind: 'and' | 'or'; filters: LdapFilter[] }
  | { kind: 'not'; filter: LdapFilter }
  | { kind: 'present'; attribute: string }
  | { kind: 'equal'; attribute: string; value: string }

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
  const value = unescape(item.slice(equals + 1))
  const filter: LdapFilter = value === '*' ? { kind: 'present', attribute } : { kind: 'equal', attribute, value }
  return { filter, rest: text.slice(end + 1) }
}

function closing(rest: string): string {
  if (!rest.startsWith(')')) throw new FilterSyntaxError(`Expected ")" at "${rest}"`)
  return rest.slice(1)
}

// RFC 4515 escapes special characters as a backslash and two hex digits.
function unescape(value: string): string {
  return value.replace(/\\([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Attribute names compare without case; values compare without case too (caseIgnoreMatch). */
export function matches(filter: LdapFilter, entry: Record<string, string[]>): boolean {
  const valuesOf = (attribute: string) => Object.entries(entry).find(([name]) => name.toLowerCase() === attribute.toLowerCase())?.[1] ?? []
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
  }
}
