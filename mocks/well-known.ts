/** Hosts and identifiers of the real services, as the emulated ones answer to them. */
export const LOGIN = 'https://login.microsoftonline.com'
export const DRS = 'https://enterpriseregistration.windows.net'
export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net'
/** The Device Registration Service's app ID: a token requested for it carries the URN as `aud`. */
export const DRS_APP_ID = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9'

/** Public clients Azure AD accepts here: Windows' join client, the broker, Azure AD PowerShell. */
export const KNOWN_CLIENTS: Record<string, string> = {
  'dd762716-544d-4aeb-a526-687b73838a22': 'Windows device registration client',
  '29d9ed98-a469-4536-ade2-f981bc1d605e': 'Microsoft Authentication Broker',
  '1b730954-1685-4b74-9bfd-dac224a7b894': 'Azure Active Directory PowerShell',
}

export const ONE_HOUR_SECONDS = 3599
