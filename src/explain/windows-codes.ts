/**
 * Windows error codes a device registration reports, with their names and what they mean, in our
 * own words. Facts from ../shared/reference/diagnostics.md §3 (Microsoft's hybrid-join
 * troubleshooting page, the MDM integration error table, the WHfB error table).
 */
export type DsregPhase = 'pre-check' | 'discover' | 'auth' | 'join'

export interface WindowsCode {
  hex: string
  name: string
  meaning: string
  phase?: DsregPhase
  check?: string[]
}

const CODES: WindowsCode[] = [
  {
    hex: '0x801c001d',
    name: 'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED',
    phase: 'discover',
    meaning:
      'The device could not read the service connection point (or its computer object) in Active Directory, so it does not know which tenant to join.',
    check: [
      'The SCP CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,<forest> exists, with keywords azureADName:<domain> and azureADId:<tenant GUID> (Entra Connect’s device options write it).',
      'Authenticated Users can read the SCP; AD replication is healthy (event 220 with errors 1312/1317 points there).',
    ],
  },
  {
    hex: '0x801c0021',
    name: 'DSREG_AUTOJOIN_DISC_FAILED',
    phase: 'discover',
    meaning:
      'Discovery of the Device Registration Service failed; the code after the "/" in the test result says why.',
    check: [
      'Reach https://enterpriseregistration.windows.net as SYSTEM, through the machine (WinHTTP) proxy.',
    ],
  },
  {
    hex: '0x801c001f',
    name: 'DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT',
    phase: 'discover',
    meaning: 'Discovery timed out.',
    check: [
      'Reach https://enterpriseregistration.windows.net as SYSTEM; look for a proxy that holds the connection.',
    ],
  },
  {
    hex: '0x801c003d',
    name: 'DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED',
    phase: 'discover',
    meaning: 'Realm discovery (is the domain managed or federated?) failed.',
    check: ['Reach https://login.microsoftonline.com as SYSTEM.'],
  },
  {
    hex: '0x801c003a',
    name: 'DSREG_DISCOVERY_TENANT_NOT_FOUND',
    phase: 'discover',
    meaning: 'The tenant the SCP names does not exist or has no active subscription.',
    check: ['Correct the azureADId keyword of the SCP to the tenant ID.'],
  },
  {
    hex: '0x801c0025',
    name: 'DSREG_SERVER_BUSY',
    meaning: 'The Device Registration Service answered HTTP 503: it is busy or down.',
    check: ['Try again later; the scheduled task retries at the next sign-in and every hour.'],
  },
  {
    hex: '0x801c000c',
    name: 'DSREG_E_DISCOVERY_FAILED',
    phase: 'discover',
    meaning: 'Discovery failed (seen as the inner code of a failed DRS Discovery Test).',
  },
  {
    hex: '0x801c03f2',
    name: 'DSREG_E_DIRECTORY_FAILURE',
    phase: 'join',
    meaning:
      'The Device Registration Service answered DirectoryError: the directory could not do what the join needs.',
    check: [
      'If the message says the device object is not found: Azure AD Connect has not synced the computer yet. Wait for a sync cycle (about 30 minutes) and check the computer is in the sync scope.',
    ],
  },
  {
    hex: '0x801c0002',
    name: 'DSREG_E_DEVICE_AUTHENTICATION_ERROR',
    phase: 'join',
    meaning:
      'The Device Registration Service could not authenticate the user or device: it refused the token (expired, wrong audience, bad signature) or the signed computer identity.',
    check: [
      'Compare the clocks of the device and the services; a token used after its exp is refused.',
      'For a hybrid join: the certificate in the computer’s userCertificate must be the one Azure AD Connect synced.',
    ],
  },
  {
    hex: '0x801c0003',
    name: 'DSREG_E_DEVICE_AUTHORIZATION_ERROR',
    phase: 'join',
    meaning:
      'The user may not join devices: device limit reached, "Users may join devices" set to none, or a device-type restriction.',
    check: ['Device settings in Entra ID: who may join, and the maximum devices per user.'],
  },
  {
    hex: '0x801c000e',
    // Windows' own spelling, "EXCCEEDED" (diagnostics.md 3.2, from Microsoft's MDM error table).
    name: 'DSREG_E_DEVICE_REGISTRATION_QUOTA_EXCCEEDED',
    phase: 'join',
    meaning: 'The user has reached the number of devices one user may register or join.',
    check: ['Remove devices the user no longer uses, or raise "Maximum number of devices per user".'],
  },
  {
    hex: '0x801c0006',
    name: 'DSREG_E_DEVICE_INTERNALSERVICE_ERROR',
    phase: 'join',
    meaning: 'The service failed with an error it did not handle.',
    check: ['Try again; if it persists, give Microsoft support the request ID.'],
  },
  {
    hex: '0x8007000d',
    name: 'E_INVALIDDATA',
    meaning:
      'The device could not read the answer: typically a proxy sent an HTML page where JSON was expected.',
    check: ['Let the computer account through the proxy without an interactive sign-in page.'],
  },
  {
    hex: '0x80072ee2',
    name: 'WININET_E_TIMEOUT',
    meaning: 'A connection timed out.',
    check: ['Network path and proxy from the device, as SYSTEM (netsh winhttp show proxy).'],
  },
  {
    hex: '0x80072efe',
    name: 'WININET_E_CONNECTION_ABORTED',
    meaning: 'The connection closed before the service answered.',
    check: [
      'Network path and proxy from the device, as SYSTEM; a proxy or firewall that resets connections.',
    ],
  },
  {
    hex: '0xcaa82efe',
    name: 'ERROR_ADAL_INTERNET_CONNECTION_ABORTED',
    phase: 'auth',
    meaning: 'The connection to the identity provider closed before it answered.',
    check: ['Try again; then the network path from the device to AD FS or login.microsoftonline.com.'],
  },
  {
    hex: '0x80072efd',
    name: 'WININET_E_CANNOT_CONNECT',
    meaning: 'The device could not connect to the service.',
    check: ['Network path and proxy from the device, as SYSTEM.'],
  },
  {
    hex: '0x80290407',
    name: 'TPM_E_PCP_INTERNAL_ERROR',
    phase: 'join',
    meaning: 'The TPM failed to create or use a key (Windows 1809 and later fall back to software keys).',
    check: [
      'TPM firmware and state (tpm.msc); a cleared TPM or a cloned image gives NTE_BAD_KEYSET 0x80090016.',
    ],
  },
  {
    hex: '0xcaa20003',
    name: 'ERROR_ADAL_SERVER_ERROR_INVALID_GRANT',
    phase: 'auth',
    meaning: 'Azure AD refused the SAML token AD FS issued (AADSTS50008 and kin).',
    check: [
      'The token-signing certificate of AD FS is the one the federation trust in Azure AD names (it changes when AD FS rolls its certificate).',
      'The claim rules of the Microsoft Office 365 Identity Platform relying party.',
    ],
  },
  {
    hex: '0xcaa90006',
    name: 'ERROR_ADAL_WSTRUST_TOKEN_REQUEST_FAIL',
    phase: 'auth',
    meaning: 'The WS-Trust token request to AD FS failed.',
    check: [
      'AD FS and its windowstransport endpoint answer from the device’s network (line of sight, not via the internet).',
      'Windows 1803 and later then fall back to the synchronised join unless FallbackToSyncJoin is 0.',
    ],
  },
  {
    hex: '0xcaa90014',
    name: 'ERROR_ADAL_WSTRUST_REQUEST_SECURITYTOKEN_FAILED',
    phase: 'auth',
    meaning: 'AD FS answered the WS-Trust request with a fault and no assertion.',
    check: ['Windows integrated authentication is allowed for the device; MFA is not required for it.'],
  },
]

const BY_HEX = new Map(CODES.map((code) => [code.hex, code]))

/** A code by its hex (any case) or its signed decimal (-2145647630), or undefined. */
export function windowsCode(value: string): WindowsCode | undefined {
  const hex = normaliseHresult(value)
  return hex ? BY_HEX.get(hex) : undefined
}

/** `0x801C03F2`, `801c03f2` or `-2145647630` as `0x801c03f2`; undefined for anything else. */
export function normaliseHresult(value: string): string | undefined {
  const text = value.trim()
  if (/^-\d{1,10}$/.test(text)) return `0x${(Number(text) >>> 0).toString(16).padStart(8, '0')}`
  const hex = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(text)?.[1]
  return hex ? `0x${hex.toLowerCase().padStart(8, '0')}` : undefined
}
