/** The actors drawn as lanes in the sequence view; every exchange goes from one lane to another. */
export const LANES = ['device', 'azure-ad', 'drs', 'adfs', 'onprem-ad', 'aad-connect', 'mdm'] as const
export type Lane = (typeof LANES)[number]

export const LANE_TITLES: Record<Lane, string> = {
  device: 'Device',
  'azure-ad': 'Azure AD',
  drs: 'Azure DRS',
  adfs: 'AD FS',
  'onprem-ad': 'On-premises AD',
  'aad-connect': 'Azure AD Connect',
  mdm: 'MDM',
}

/** Which emulated service a URL belongs to, by host (and path for AD FS, which also hosts DRS). */
export function laneForUrl(url: string): Lane {
  const { hostname, pathname } = new URL(url)
  if (hostname === 'login.microsoftonline.com' || hostname === 'login.windows.net') return 'azure-ad'
  if (hostname === 'enterpriseregistration.windows.net') return 'drs'
  if (hostname.startsWith('enterpriseregistration.') || pathname.startsWith('/adfs/')) return 'adfs'
  if (hostname.includes('manage.microsoft.com') || hostname.startsWith('mdm.')) return 'mdm'
  return 'azure-ad'
}
