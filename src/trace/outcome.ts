/**
 * A trace's outcome is `registered` or one of these failure codes. Every failure state of every
 * machine is named after its code, and `describeFailure()` is the one place a code becomes a sentence.
 */
export const JOIN_ERROR_CODES = [
  'USER_NOT_FOUND',
  'CREDENTIALS_REJECTED',
  'ACCOUNT_LOCKED',
  'MFA_REJECTED',
  'SIGNIN_CANCELLED',
  'TOU_DECLINED',
  'DISCOVERY_FAILED',
  'SCP_NOT_FOUND',
  'DEVICE_NOT_SYNCED',
  'TOKEN_REJECTED',
  'JOIN_REJECTED',
  'DEVICE_QUOTA_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'RESPONSE_MALFORMED',
  'KEY_GENERATION_FAILED',
  'TIMED_OUT',
  'NOT_PROVIDED',
  'UNEXPECTED',
] as const

export type JoinErrorCode = (typeof JOIN_ERROR_CODES)[number]
/** `pending` only for server sessions in which no device has registered yet. */
export type Outcome = 'registered' | 'pending' | JoinErrorCode

const FAILURE_SENTENCES: Record<JoinErrorCode, string> = {
  USER_NOT_FOUND: 'Azure AD does not know this user name or its domain.',
  CREDENTIALS_REJECTED: 'The identity provider rejected the user name or password.',
  ACCOUNT_LOCKED:
    'Azure AD locked the account after too many wrong passwords (smart lockout, AADSTS50053): no password works until the lock ends.',
  MFA_REJECTED: 'The additional authentication factor was wrong or not given.',
  SIGNIN_CANCELLED: 'The user cancelled the sign-in.',
  TOU_DECLINED: 'The user declined the MDM terms of use, so Windows stops the join.',
  DISCOVERY_FAILED: 'The device could not discover the endpoints it needs.',
  SCP_NOT_FOUND: 'Active Directory has no usable service connection point for device registration.',
  DEVICE_NOT_SYNCED:
    'Azure AD has no device object for this computer yet: Azure AD Connect has not synced it.',
  TOKEN_REJECTED:
    'A service refused the token the device presented (Azure AD a federation token, or DRS an access token).',
  JOIN_REJECTED: 'The Device Registration Service refused the registration request.',
  DEVICE_QUOTA_EXCEEDED:
    'The user already has as many devices as the tenant allows one user, so DRS refused to join another.',
  SERVICE_UNAVAILABLE: 'A service did not answer or answered with a server error.',
  RESPONSE_MALFORMED: 'A service answered with something the device could not read.',
  KEY_GENERATION_FAILED: 'The device could not create or use its keys.',
  TIMED_OUT: 'A step took too long: nobody answered in time.',
  NOT_PROVIDED: 'The machine ran without an implementation for one of its actors.',
  UNEXPECTED: 'Something unexpected went wrong.',
}

export function isJoinErrorCode(value: unknown): value is JoinErrorCode {
  return typeof value === 'string' && (JOIN_ERROR_CODES as readonly string[]).includes(value)
}

/** The sentence the UI banner and the CLI both show for a failure code (or a session still pending). */
export function describeFailure(code: Exclude<Outcome, 'registered'>): string {
  return code === 'pending' ? 'No device has registered in this session yet.' : FAILURE_SENTENCES[code]
}
