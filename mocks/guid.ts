/**
 * GUIDs as Microsoft lays them out in binary: the first three groups little-endian, the last two
 * as written. `9d53c6fa-b38e-4509-…` becomes `FA C6 53 9D 8E B3 09 45 …`.
 * @see MS-DVRJ example certificate, extension 1.2.840.113556.1.5.284.2
 */
export function guidToBytes(guid: string): Uint8Array {
  const hex = guid.replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`"${guid}" is not a GUID`)
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
  const swap = (start: number, length: number) => bytes.subarray(start, start + length).reverse()
  swap(0, 4)
  swap(4, 2)
  swap(6, 2)
  return bytes
}

/** The S-1-12-1-… SID Windows gives an Azure AD object: its object ID read as four little-endian words. */
export function objectIdToSid(objectId: string): string {
  const view = new DataView(guidToBytes(objectId).buffer)
  const words = [0, 4, 8, 12].map((offset) => view.getUint32(offset, true))
  return `S-1-12-1-${words.join('-')}`
}
