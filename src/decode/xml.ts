import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'

/** An XML element as fast-xml-parser reads it without namespace prefixes: attributes under `@`. */
export type XmlNode = Record<string, unknown>

const reader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // A DOCTYPE can declare entities; nothing here needs one, and a payload is untrusted.
  processEntities: true,
  htmlEntities: true,
})

/** Parses well-formed XML, or says why it is not; never throws. */
export function readXml(text: string): { ok: true; root: XmlNode } | { ok: false; reason: string } {
  const valid = XMLValidator.validate(text)
  if (valid !== true)
    return { ok: false, reason: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` }
  if (/<!DOCTYPE/i.test(text))
    return { ok: false, reason: 'XML with a DOCTYPE is refused (entity expansion)' }
  try {
    return { ok: true, root: reader.parse(text) as XmlNode }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

/** The child element of that local name, whether the parser read one or several. */
export function child(node: unknown, name: string): XmlNode | undefined {
  const value = asNode(node)?.[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'object' && first !== null ? (first as XmlNode) : undefined
}

export function children(node: unknown, name: string): unknown[] {
  const value = asNode(node)?.[name]
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** The text of the first child element of that local name (with or without attributes). */
export function childText(node: unknown, name: string): string {
  const value = asNode(node)?.[name]
  return text(Array.isArray(value) ? value[0] : value)
}

/** An element's text, whether it has attributes (`#text`) or not. */
export function text(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node)
  const inner = asNode(node)?.['#text']
  return inner === undefined ? '' : String(inner)
}

export function attribute(node: unknown, name: string): string | undefined {
  const value = asNode(node)?.[`@${name}`]
  return value === undefined ? undefined : String(value)
}

function asNode(node: unknown): XmlNode | undefined {
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as XmlNode) : undefined
}

const orderedReader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
})
const prettyWriter = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  preserveOrder: true,
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
})

/** The same document indented, prefixes and order kept, for reading (not for checking a signature). */
export function prettyXml(xml: string): string {
  const parsed = orderedReader.parse(xml) as unknown[]
  return String(prettyWriter.build(parsed)).trim()
}
