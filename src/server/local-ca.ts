import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { generateKeyPairSync, webcrypto } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const
const DAY = 24 * 3600_000

export interface LocalCa {
  certificatePath: string
  certificatePem: string
  /** A certificate and key for one host, made on first use and kept in memory. */
  leafFor: (host: string) => Promise<{ cert: string; key: string }>
}

/**
 * The server's own CA, made once and kept in the data folder, so a client trusts it once
 * (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS). Its private key file is readable only by the user.
 */
export async function loadOrCreateCa(dataDir: string, now: () => number): Promise<LocalCa> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const certificatePath = join(dataDir, 'ca.pem')
  const keyPath = join(dataDir, 'ca.key.pem')
  if (!existsSync(certificatePath) || !existsSync(keyPath)) await createCa(certificatePath, keyPath, now())
  chmodSync(keyPath, 0o600)
  const certificatePem = readFileSync(certificatePath, 'utf8')
  const caCert = new x509.X509Certificate(certificatePem)
  const caKey = await importPrivateKey(readFileSync(keyPath, 'utf8'))
  const leaves = new Map<string, Promise<{ cert: string; key: string }>>()
  return {
    certificatePath,
    certificatePem,
    leafFor(host) {
      let leaf = leaves.get(host)
      if (!leaf) leaves.set(host, (leaf = issueLeaf(host, caCert, caKey, now())))
      return leaf
    },
  }
}

async function createCa(certificatePath: string, keyPath: string, now: number): Promise<void> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const signingKey = await importPrivateKey(pkcs8)
  const publicKey = await publicKeyOf(pkcs8)
  const certificate = await x509.X509CertificateGenerator.create({
    subject: 'CN=device-join-tracer local CA, O=device-join-tracer',
    issuer: 'CN=device-join-tracer local CA, O=device-join-tracer',
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    publicKey,
    signingKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  })
  writeFileSync(keyPath, pkcs8, { mode: 0o600 })
  writeFileSync(certificatePath, certificate.toString('pem'))
}

async function issueLeaf(
  host: string,
  caCert: x509.X509Certificate,
  caKey: CryptoKey,
  now: number,
): Promise<{ cert: string; key: string }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const certificate = await x509.X509CertificateGenerator.create({
    subject: `CN=${host}`,
    issuer: caCert.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    publicKey: await publicKeyOf(key),
    signingKey: caKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  })
  return { cert: `${certificate.toString('pem')}\n${caCert.toString('pem')}\n`, key }
}

function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')
  return webcrypto.subtle.importKey('pkcs8', der, RSA, false, ['sign']) as Promise<CryptoKey>
}

async function publicKeyOf(pkcs8Pem: string): Promise<CryptoKey> {
  const { createPublicKey } = await import('node:crypto')
  const spki = createPublicKey(pkcs8Pem).export({ type: 'spki', format: 'der' })
  return webcrypto.subtle.importKey('spki', spki, RSA, true, ['verify']) as Promise<CryptoKey>
}
