// How long key material takes on this machine, per provider: the baseline the engine's figures
// are read against. Figures without budgets: a machine is as fast as it is.
import { buildCertificateRequest } from '../src/device/certificate-request.ts'
import { createSoftwareKeyProvider } from '../src/device/keys/forge-provider.ts'
import type { KeyProvider } from '../src/device/keys/key-provider.ts'
import { createPlatformKeyProvider } from '../src/device/keys/webcrypto-provider.ts'
import type { Figure } from './figure.ts'

const RUNS = Number(process.env.BENCH_KEY_RUNS ?? 10)

async function measure(name: string, task: () => Promise<unknown>): Promise<Figure> {
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now()
    await task()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  return {
    name,
    value: Number(median.toFixed(1)),
    unit: 'ms',
    detail: `median of ${RUNS}, min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}`,
  }
}

async function providerFigures(label: string, provider: KeyProvider): Promise<Figure[]> {
  const key = await provider.createKeyPair('device')
  return [
    await measure(`keys: ${label}, RSA-2048 key pair`, () => provider.createKeyPair('device')),
    await measure(`keys: ${label}, PKCS#10 request signed by dkpriv`, () => buildCertificateRequest(key)),
  ]
}

export async function keyFigures(): Promise<Figure[]> {
  return [
    ...(await providerFigures('platform (WebCrypto)', createPlatformKeyProvider())),
    ...(await providerFigures('software (node-forge)', createSoftwareKeyProvider())),
  ]
}
