import { request as httpRequest } from 'node:http'
import { connect as tlsConnect } from 'node:tls'
import type { Socket } from 'node:net'

export interface TunnelResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Opens a CONNECT tunnel through the proxy, as an outside client configured with HTTPS_PROXY would. */
export function openTunnel(proxyPort: number, target: string): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const connect = httpRequest({ host: '127.0.0.1', port: proxyPort, method: 'CONNECT', path: target })
    connect.on('connect', (response, socket) => resolve({ status: response.statusCode ?? 0, socket }))
    connect.on('error', reject)
    connect.end()
  })
}

/** One HTTPS request through the proxy, trusting only the given CA; optionally with a client certificate. */
export async function viaProxy(
  proxyPort: number,
  url: string,
  options: {
    ca: string
    method?: string
    headers?: Record<string, string>
    body?: string
    cert?: string
    key?: string
  },
): Promise<TunnelResponse> {
  const { hostname, pathname, search } = new URL(url)
  const { status, socket } = await openTunnel(proxyPort, `${hostname}:443`)
  if (status !== 200) throw new Error(`CONNECT ${hostname}:443 answered ${status}`)
  const tls = tlsConnect({
    socket,
    servername: hostname,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
  })
  await new Promise<void>((resolve, reject) => {
    tls.once('secureConnect', () => resolve())
    tls.once('error', reject)
  })
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: hostname,
        path: `${pathname}${search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        createConnection: () => tls,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}
