/** What Windows knows before it asks anyone: Azure AD's host, DRS's host and resource, its client ID. */
export const LOGIN = 'https://login.microsoftonline.com'
export const DRS = 'https://enterpriseregistration.windows.net'
export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net'
/** The client Windows' join experience signs in as (DRS discovery names it as `OAuth2ClientId`). */
export const JOIN_CLIENT_ID = 'dd762716-544d-4aeb-a526-687b73838a22'
export const DSREG_USER_AGENT = 'Dsreg/10.0 (Windows 10.0.22631.4460)'
export const OS_VERSION = '10.0.22631.4460'
