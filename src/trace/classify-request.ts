import type { PhaseLetter, ScenarioId } from './phases.ts'

/**
 * Which step of which flow a request belongs to, from its host, path, method, body and User-Agent:
 * the endpoint table of diagnostics.md §4.2, with this tool's phase letters per flow. Paths match
 * case-insensitively (Windows writes `/common/UserRealm/`, `/EnrollmentServer/`, `/Discover`).
 */
export type RequestKind =
  | 'openid-configuration'
  | 'instance-discovery'
  | 'signing-keys'
  | 'user-realm'
  | 'adfs-mex'
  | 'adfs-ws-trust'
  | 'adfs-ws-trust-user'
  | 'adfs-sign-in'
  | 'adfs-token'
  | 'saml-grant'
  | 'prt-nonce'
  | 'prt'
  | 'token-refresh'
  | 'device-code'
  | 'device-code-grant'
  | 'token-v2'
  | 'token'
  | 'terms-of-use'
  | 'drs-discovery'
  | 'drs-nonce'
  | 'device-join'
  | 'hybrid-join'
  | 'device-removal'
  | 'key-registration'
  | 'mdm-enrollment'
  | 'bitlocker-escrow'
  | 'other'

export interface RequestToClassify {
  method: string
  url: string
  headers?: Record<string, string>
  body?: string
}

export interface RequestClass {
  kind: RequestKind
  title: string
  /**
   * The phase letter in each flow this request can belong to; the first sign-in's PRT and the
   * Windows Hello key have the letters a cloud flow run on after the join gives them.
   */
  phases: Partial<Record<ScenarioId, PhaseLetter>>
  /** The letter a server session files it under: the managed cloud flow's, the first flow's otherwise. */
  sessionPhase: PhaseLetter
  /** After the join (key registration, MDM, BitLocker, removal): not a phase of the four flows. */
  postJoin: boolean
  /** Sent by Windows itself (User-Agent `Dsreg/…`). */
  fromWindows: boolean
}

interface Request {
  host: string
  path: string
  method: string
  grantType: string
  /** The form carries `request`, a signed JWT (a PRT request). */
  signedRequest: boolean
  userAgent: string
}

interface Rule {
  kind: RequestKind
  title: string
  test: (request: Request) => boolean
  phases: Partial<Record<ScenarioId, PhaseLetter>>
  session?: PhaseLetter
  postJoin?: true
}

const LOGIN =
  /^login\.(microsoftonline\.com|windows\.net|microsoft\.com)$|^device\.login\.microsoftonline\.com$/
const DRS = /^enterpriseregistration\.(windows\.net|microsoftonline\.com)$/
const SAML_BEARER = 'urn:ietf:params:oauth:grant-type:saml1_1-bearer'
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const DEVICE_CODE_GRANTS = ['device_code', 'urn:ietf:params:oauth:grant-type:device_code']
/** The phases after the join, in a cloud flow run on past it: first sign-in (PRT), Windows Hello key. */
const FIRST_SIGN_IN = { 'aadj-managed': 'I', 'aadj-federated': 'J' } as const
const HELLO_KEY = { 'aadj-managed': 'J', 'aadj-federated': 'K' } as const
const tokenPath = (request: Request) => /\/oauth2\/(v2\.0\/)?token$/.test(request.path)
const isLogin = (request: Request) => LOGIN.test(request.host)
const isDrs = (request: Request) => DRS.test(request.host)
const devicePath = (request: Request) => /^\/enrollmentserver\/device\/?/.test(request.path)

// Order matters: the most specific test first.
const RULES: Rule[] = [
  {
    kind: 'openid-configuration',
    title: 'OpenID configuration',
    test: (r) => r.path.endsWith('/.well-known/openid-configuration'),
    phases: { 'aadj-managed': 'A', 'aadj-federated': 'A' },
  },
  {
    // MSAL asks it for a cloud's aliases and metadata: what the device would learn from the configuration.
    kind: 'instance-discovery',
    title: 'Instance discovery',
    test: (r) => isLogin(r) && r.path.endsWith('/discovery/instance'),
    phases: { 'aadj-managed': 'A', 'aadj-federated': 'A' },
  },
  {
    kind: 'signing-keys',
    title: 'Token-signing keys',
    test: (r) => isLogin(r) && r.path.endsWith('/discovery/keys'),
    phases: { 'aadj-managed': 'A', 'aadj-federated': 'A' },
  },
  {
    kind: 'user-realm',
    title: 'User realm discovery',
    test: (r) =>
      isLogin(r) && (r.path.startsWith('/common/userrealm') || r.path.endsWith('/getuserrealm.srf')),
    phases: { 'aadj-managed': 'C', 'aadj-federated': 'C', 'haadj-federated': 'C' },
  },
  {
    kind: 'adfs-mex',
    title: 'AD FS metadata exchange',
    test: (r) => r.path.startsWith('/adfs/services/trust/mex'),
    phases: { 'aadj-federated': 'C', 'haadj-federated': 'C' },
    session: 'D',
  },
  {
    kind: 'adfs-ws-trust',
    title: 'WS-Trust token request at AD FS (the computer, Windows integrated)',
    test: (r) => r.path.startsWith('/adfs/services/trust/') && r.path.includes('windowstransport'),
    phases: { 'haadj-federated': 'C' },
    session: 'D',
  },
  {
    // usernamemixed: a user's name and password in WS-Trust, as MSAL and roadtx sign in at AD FS.
    kind: 'adfs-ws-trust-user',
    title: 'WS-Trust token request at AD FS (a user, name and password)',
    test: (r) => r.path.startsWith('/adfs/services/trust/'),
    phases: { 'aadj-federated': 'D' },
    session: 'D',
  },
  {
    kind: 'adfs-token',
    title: 'Enterprise PRT from AD FS',
    test: (r) => r.path.startsWith('/adfs/oauth2/token'),
    phases: { 'haadj-federated': 'E' },
    session: 'D',
  },
  {
    kind: 'adfs-sign-in',
    title: 'Sign-in page at AD FS',
    test: (r) => r.path.startsWith('/adfs/') && r.method === 'GET',
    phases: { 'aadj-federated': 'C' },
    session: 'D',
  },
  {
    kind: 'adfs-sign-in',
    title: 'Sign-in at AD FS',
    test: (r) => r.path.startsWith('/adfs/'),
    phases: { 'aadj-federated': 'D' },
    session: 'D',
  },
  {
    kind: 'prt-nonce',
    title: 'Nonce for a PRT request (srv_challenge)',
    test: (r) => isLogin(r) && tokenPath(r) && r.grantType === 'srv_challenge',
    phases: FIRST_SIGN_IN,
    session: 'H',
    postJoin: true,
  },
  {
    kind: 'prt',
    title: 'Primary Refresh Token request, signed by the device key',
    test: (r) => isLogin(r) && tokenPath(r) && r.grantType === JWT_BEARER && r.signedRequest,
    phases: FIRST_SIGN_IN,
    session: 'H',
    postJoin: true,
  },
  {
    // In the flows, only the Windows Hello step redeems a refresh token (the PRT, for a DRS token).
    kind: 'token-refresh',
    title: 'Token request (refresh token)',
    test: (r) => isLogin(r) && tokenPath(r) && r.grantType === 'refresh_token',
    phases: HELLO_KEY,
    session: 'C',
  },
  {
    kind: 'device-code',
    title: 'Device code request',
    test: (r) => isLogin(r) && /\/oauth2\/(v2\.0\/)?devicecode$/.test(r.path),
    phases: {},
    session: 'C',
  },
  {
    kind: 'device-code-grant',
    title: 'Token request (device code)',
    test: (r) => isLogin(r) && tokenPath(r) && DEVICE_CODE_GRANTS.includes(r.grantType),
    phases: {},
    session: 'C',
  },
  {
    kind: 'saml-grant',
    title: 'Token request',
    test: (r) => isLogin(r) && r.path.endsWith('/oauth2/token') && r.grantType === SAML_BEARER,
    phases: { 'aadj-federated': 'D', 'haadj-federated': 'C' },
    session: 'C',
  },
  {
    // Microsoft's client libraries (MSAL) ask the v2.0 endpoint; Windows' join uses v1.
    kind: 'token-v2',
    title: 'Token request (v2.0)',
    test: (r) => isLogin(r) && r.path.endsWith('/oauth2/v2.0/token'),
    phases: { 'aadj-managed': 'C' },
  },
  {
    kind: 'token',
    title: 'Token request',
    test: (r) => isLogin(r) && /\/oauth2\/(v2\.0\/)?(token|authorize)$/.test(r.path),
    phases: { 'aadj-managed': 'C', 'haadj-managed': 'E' },
  },
  {
    kind: 'terms-of-use',
    title: 'MDM terms of use',
    test: (r) => r.host === 'portal.manage.microsoft.com' && r.path.startsWith('/termsofuse'),
    phases: { 'aadj-managed': 'D', 'aadj-federated': 'E' },
  },
  {
    kind: 'drs-discovery',
    title: 'DRS discovery',
    test: (r) => isDrs(r) && /\/(enrollmentserver\/contract|discover)$/.test(r.path),
    phases: { 'aadj-managed': 'E', 'aadj-federated': 'F', 'haadj-managed': 'B', 'haadj-federated': 'B' },
  },
  {
    kind: 'drs-nonce',
    title: 'DRS nonce',
    test: (r) => isDrs(r) && r.path.startsWith('/enrollmentserver/nonce/'),
    phases: {},
    session: 'H',
    postJoin: true,
  },
  {
    kind: 'device-join',
    title: 'Device registration',
    test: (r) => isDrs(r) && r.method === 'POST' && /^\/enrollmentserver\/device\/?$/.test(r.path),
    phases: { 'aadj-managed': 'G', 'aadj-federated': 'H', 'haadj-federated': 'F' },
  },
  {
    kind: 'hybrid-join',
    title: 'Hybrid device registration',
    test: (r) => isDrs(r) && r.method === 'PUT' && devicePath(r),
    phases: { 'haadj-managed': 'G' },
  },
  {
    kind: 'device-removal',
    title: 'Device removal',
    test: (r) => isDrs(r) && r.method === 'DELETE' && devicePath(r),
    phases: {},
    session: 'H',
    postJoin: true,
  },
  {
    kind: 'key-registration',
    title: 'Windows Hello key registration',
    test: (r) => isDrs(r) && r.path.startsWith('/enrollmentserver/key'),
    phases: HELLO_KEY,
    session: 'H',
    postJoin: true,
  },
  {
    kind: 'bitlocker-escrow',
    title: 'BitLocker key escrow',
    test: (r) => isDrs(r) && r.path.includes('/bitlocker/'),
    phases: {},
    session: 'H',
    postJoin: true,
  },
  {
    kind: 'mdm-enrollment',
    title: 'MDM enrollment',
    test: (r) => r.host.startsWith('enrollment.manage.microsoft.com'),
    phases: {},
    session: 'H',
    postJoin: true,
  },
]

const FLOW_ORDER: ScenarioId[] = ['aadj-managed', 'aadj-federated', 'haadj-managed', 'haadj-federated']

export function classifyRequest(input: RequestToClassify): RequestClass {
  const request = normalise(input)
  const rule = RULES.find((candidate) => candidate.test(request))
  const fromWindows = /^dsreg\//i.test(request.userAgent)
  if (!rule)
    return { kind: 'other', title: 'Request', phases: {}, sessionPhase: 'A', postJoin: false, fromWindows }
  const first = FLOW_ORDER.map((flow) => rule.phases[flow]).find(Boolean)
  return {
    kind: rule.kind,
    title: rule.title,
    phases: rule.phases,
    sessionPhase: rule.session ?? first ?? 'A',
    postJoin: rule.postJoin ?? false,
    fromWindows,
  }
}

function normalise(input: RequestToClassify): Request {
  let url: URL | undefined
  try {
    url = new URL(input.url)
  } catch {
    url = undefined
  }
  const header = (name: string) =>
    Object.entries(input.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? ''
  return {
    host: url?.hostname.toLowerCase() ?? '',
    path: decodePath(url?.pathname ?? '').toLowerCase(),
    method: input.method.toUpperCase(),
    grantType: formField(input.body ?? '', 'grant_type'),
    signedRequest: formField(input.body ?? '', 'request').split('.').length === 3,
    userAgent: header('user-agent'),
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

function formField(body: string, name: string): string {
  if (!body.includes(`${name}=`)) return ''
  try {
    return new URLSearchParams(body).get(name) ?? ''
  } catch {
    return ''
  }
}
