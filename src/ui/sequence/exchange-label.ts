import type { Exchange } from '../../trace/schema.ts'
import { statusWords } from '../exchange-status.ts'

/** The request arrow's label: method and path for HTTP, operation and DN for LDAP, the cycle for sync. */
export function requestLabel(exchange: Exchange): string {
  const { method, url } = exchange.request
  if (exchange.protocol === 'sync') return `sync: ${method}`
  if (exchange.protocol === 'ldap') return `${method} ${distinguishedName(url)}`
  return `${method} ${pathOf(url)}`
}

/** The response arrow's label: status and content type, the LDAP result's name, a sync step's summary. */
export function responseLabel(exchange: Exchange): string {
  const { status, headers, body } = exchange.response
  if (exchange.protocol === 'sync' && status === 0 && body && body.length < 40) return body
  const words = statusWords(exchange.protocol, status)
  const type =
    exchange.protocol === 'http' && status !== 0 ? headers['content-type']?.split(';')[0] : undefined
  return type ? `${words} ${type}` : words
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/** `ldap://dc01/CN=...?attrs?scope?filter`: the DN is the path, URI-encoded. */
function distinguishedName(url: string): string {
  const path = url.replace(/^ldap:\/\/[^/]*\//, '').split('?')[0] ?? ''
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}
