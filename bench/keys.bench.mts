// npm run bench: how long key material takes on this machine, per provider. Timings live here, not in tests.
import { buildCertificateRequest } from '../src/device/certificate-request.ts'
import { createSoftwareKeyProvider } from '../src/device/keys/forge-provider.ts'
import type { KeyProvider } from '../src/device/keys/key-provider.ts'
import { createPlatformKeyProvider } from '../src/device/keys/webcrypto-provider.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)

async function measure(label: string, task: () => Promise<unknown>): Promise<void> {
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    await task()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  console.log(
    `${label.padEnd(48)} n=${RUNS}  median ${median.toFixed(1)} ms  min ${times[0]!.toFixed(1)}  max ${times.at(-1)!.toFixed(1)}`,
  )
}

async function benchProvider(name: string, provider: KeyProvider): Promise<void> {
  await measure(`${name}: RSA-2048 key pair`, () => provider.createKeyPair('device'))
  const key = await provider.createKeyPair('device')
  await measure(`${name}: PKCS#10 request signed by dkpriv`, () => buildCertificateRequest(key))
}

console.log(`Node ${process.version}`)
await benchProvider('platform (WebCrypto)', createPlatformKeyProvider())
await benchProvider('software (node-forge)', createSoftwareKeyProvider())
