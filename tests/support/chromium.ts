// How every test and the benchmark start Chromium: Debian's build, headless, without the background
// traffic (updates, sync, QUIC probes) that would add requests and noise to what is measured.
export const CHROMIUM_PATH = '/usr/bin/chromium'

export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}
