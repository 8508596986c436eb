import { AsnConvert, OctetString } from '@peculiar/asn1-schema'

/**
 * Microsoft's private extensions on a device certificate, by OID.
 * @see MS-DVRJ example certificate
 */
export const MICROSOFT_EXTENSIONS: Record<string, { name: string; kind: 'guid' | 'text' }> = {
  '1.2.840.113556.1.5.284.2': { name: 'Device ID', kind: 'guid' },
  '1.2.840.113556.1.5.284.3': { name: 'User ID', kind: 'guid' },
  '1.2.840.113556.1.5.284.5': { name: 'Tenant ID', kind: 'guid' },
  '1.2.840.113556.1.5.284.7': { name: 'Join type', kind: 'text' },
  '1.2.840.113556.1.5.284.8': { name: 'Tenant region', kind: 'text' },
}

const JOIN_TYPES: Record<string, string> = { '0': 'registered', '1': 'joined' }

/**
 * A GUID from Microsoft's binary layout: the first three groups little-endian, the last two as
 * written, so `FA C6 53 9D 8E B3 09 45 …` reads `9d53c6fa-b38e-4509-…`.
 */
export function bytesToGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`a GUID has 16 bytes, not ${bytes.length}`)
  const hex = (from: number, to: number, reverse = false) => {
    const part = [...bytes.subarray(from, to)]
    return (reverse ? part.reverse() : part).map((byte) => byte.toString(16).padStart(2, '0')).join('')
  }
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10), hex(10, 16)].join('-')
}

/** The value of one of Microsoft's extensions, unwrapped from its inner OCTET STRING. */
export function describeMicrosoftExtension(oid: string, value: ArrayBuffer): string | undefined {
  const known = MICROSOFT_EXTENSIONS[oid]
  if (!known) return undefined
  const bytes = new Uint8Array(AsnConvert.parse(value, OctetString).buffer)
  if (known.kind === 'guid') return bytesToGuid(bytes)
  const text = new TextDecoder().decode(bytes)
  return oid.endsWith('.7') ? `${text} (${JOIN_TYPES[text] ?? 'unknown'})` : text
}
