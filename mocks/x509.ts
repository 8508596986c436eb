// @peculiar/x509 resolves its crypto provider through tsyringe, which needs the Reflect polyfill
// loaded first; every module in mocks/ imports x509 from here so the order cannot go wrong.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'

export { x509 }

/** RSASSA-PKCS1-v1_5 with SHA-256: what Azure AD, DRS and the device all sign with. */
export const RSA_SHA256 = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const

// Bytes to a binary string a few thousand at a time: one String.fromCharCode per byte cost more
// than the rest of encoding a certificate. (Uint8Array.prototype.toBase64 is not in Node 20.)
const CHUNK = 4096

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (let start = 0; start < view.length; start += CHUNK)
    binary += String.fromCharCode(...view.subarray(start, start + CHUNK))
  return btoa(binary)
}

/** Strict base64 decoding: returns null rather than guessing at a malformed value. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}

export async function sha1Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', bytes as BufferSource)
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
}
