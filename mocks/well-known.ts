/** Hosts and identifiers of the real services, as the emulated ones answer to them. */
export const LOGIN = 'https://login.microsoftonline.com'
export const DRS = 'https://enterpriseregistration.windows.net'
export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net'
/** The Device Registration Service's app ID: a token requested for it carries the URN as `aud`. */
export const DRS_APP_ID = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9'

export const ONE_HOUR_SECONDS = 3599
