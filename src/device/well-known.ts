/** What Windows knows before it asks anyone: Azure AD's host, DRS's host and resource, its client ID. */
export const LOGIN = 'https://login.microsoftonline.com'
export const DRS = 'https://enterpriseregistration.windows.net'
export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net'
/** The client Windows' join experience signs in as (DRS discovery names it as `OAuth2ClientId`). */
export const JOIN_CLIENT_ID = 'dd762716-544d-4aeb-a526-687b73838a22'
export const DSREG_USER_AGENT = 'Dsreg/10.0 (Windows 10.0.22631.4460)'
export const OS_VERSION = '10.0.22631.4460'
/** The client Windows' CloudAP plug-in names when it asks for a PRT [clients: roadtx's PRT requests]. */
export const WINDOWS_SIGN_IN_CLIENT_ID = '38aa3b87-a06d-4817-b275-7a316988d93b'
/** Where the device asks for a nonce and a PRT: the tenant-independent v1 token endpoint. */
export const PRT_TOKEN_ENDPOINT = `${LOGIN}/common/oauth2/token`
