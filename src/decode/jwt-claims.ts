/**
 * What each claim the flows use means, in a sentence, and the token's times as dates measured
 * against the request that carried it.
 */
const CLAIM_MEANINGS: Record<string, string> = {
  aud: 'Audience: the service this token is for; any other service must refuse it.',
  iss: 'Issuer: who signed the token (Azure AD as sts.windows.net/<tenant>/, or AD FS).',
  iat: 'Issued at: when the issuer made the token.',
  nbf: 'Not before: the token is no good before this time.',
  exp: 'Expires: the token is no good from this time on; a service refuses it after.',
  amr: 'Authentication methods: how the subject proved who it is (pwd password, mfa second factor, wia Windows integrated, rsa a key, ngcmfa Windows Hello).',
  appid:
    'Application ID: the client that asked for the token (dd762716-… is the Windows device registration client).',
  appidacr: 'How the client authenticated itself: 0 public client, 1 secret, 2 certificate.',
  scp: 'Scopes: what the client may do with the token at the audience (for DRS: adrs_access, Device.Join, Device.Register).',
  ver: 'Token format version (1.0 or 2.0).',
  oid: 'Object ID: the user (or, for a computer, the device object) in the directory.',
  tid: 'Tenant ID: the Azure AD tenant that issued the token; DRS joins the device into this tenant.',
  sub: 'Subject: a stable identifier of the user for this application.',
  upn: "User principal name: the user's sign-in name.",
  unique_name: 'A readable name for the subject, usually the UPN.',
  name: 'Display name of the subject.',
  given_name: 'First name of the user.',
  family_name: 'Last name of the user.',
  ipaddr: 'The client IP address Azure AD saw.',
  deviceid: 'Device ID: the Azure AD device object this token was issued to (a token after join carries it).',
  mdm_tou_url: 'The MDM terms-of-use page Windows must show before it joins and enrolls the device.',
  mdm_enrollment_url: 'Where Windows enrolls the device in MDM after it joins.',
  mdm_compliance_url: 'Where the user can see why the device is not compliant.',
  onprem_sid: 'The on-premises security identifier (SID) of the account, carried from Active Directory.',
  onprem_objectguid:
    'The on-premises objectGUID of the computer; for hybrid join the Azure AD device ID is this GUID.',
  accounttype: 'DJ: the token is for a domain-joined computer, not for a user.',
  in_corp: 'true when the request came from inside the corporate network (AD FS says so).',
  grant_type: 'The OAuth grant the client used to get this token.',
  puid: 'An internal Azure AD user identifier.',
  altsecid: 'An alternative security ID: the federated identity of a user from another directory.',
  idp: 'The identity provider that authenticated the subject, when it was not this tenant.',
  auth_time: 'When the subject last authenticated.',
  nonce: 'A value the client sent and gets back, to tie the token to its request.',
  acr: 'Authentication context class: 1 means the user authenticated, 0 that they did not.',
  kid: "Key ID: which of the issuer's keys signed the token.",
  x5t: 'The SHA-1 thumbprint of the signing certificate (base64url).',
  alg: 'Signature algorithm (RS256: RSA with SHA-256).',
  typ: 'Type of the token (JWT).',
}

export function claimMeaning(name: string): string | undefined {
  return CLAIM_MEANINGS[name]
}

const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const

export interface ClaimLine {
  name: string
  value: string
  meaning?: string
  /** For iat/nbf/exp: the date, and against the request, whether it had expired or was not yet valid. */
  note?: string
}

/** Claims as lines to read: times as UTC dates, with how they stand at `requestTime` when known. */
export function explainClaims(claims: Record<string, unknown>, requestTime?: number): ClaimLine[] {
  return Object.entries(claims).map(([name, value]) => {
    const line: ClaimLine = { name, value: display(value), meaning: claimMeaning(name) }
    if ((TIME_CLAIMS as readonly string[]).includes(name) && typeof value === 'number')
      line.note = timeNote(name, value * 1000, requestTime)
    return line
  })
}

function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function timeNote(name: string, at: number, requestTime?: number): string {
  if (!Number.isFinite(at) || Math.abs(at) > 8.64e15) return 'not a valid time'
  const date = new Date(at).toISOString().replace('T', ' ').replace('.000Z', ' UTC')
  if (requestTime === undefined) return date
  const minutes = Math.round(Math.abs(requestTime - at) / 60_000)
  if (name === 'exp' && at <= requestTime) return `${date}: expired ${plural(minutes)} before this request`
  if (name === 'nbf' && at > requestTime)
    return `${date}: not valid until ${plural(minutes)} after this request`
  if (name === 'exp') return `${date}: ${plural(minutes)} left at this request`
  return date
}

function plural(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}
