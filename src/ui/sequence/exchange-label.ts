import type { Exchange } from '../../trace/schema.ts'

/** The request arrow's label: method and path for HTTP, operation and DN for LDAP, the cycle for sync. */
export function requestLabel(exchange: Exchange): string {
  const { method, url } = exchange.request
  if (exchange.protocol === 'sync') return `sync: ${method}`
  if (exchange.protocol === 'ldap') return `${method} ${distinguishedName(url)}`
  return `${method} ${pathOf(url)}`
}

/** The response arrow's label: status and content type, or the LDAP result code. */
export function responseLabel(exchange: Exchange): string {
  const { status, headers, body } = exchange.response
  if (exchange.protocol === 'ldap') return `resultCode ${status}`
  if (exchange.protocol === 'sync')
    return status === 0 ? (body.length < 40 && body ? body : 'done') : String(status)
  const type = headers['content-type']?.split(';')[0]
  return type ? `${status} ${type}` : String(status)
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
