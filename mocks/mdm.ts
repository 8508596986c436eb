import { http, HttpResponse } from 'msw'
import type { Tenant } from './tenant.ts'

/** The MDM service's terms-of-use page, at whatever URL the tenant's `mdm_tou_url` names. */
export function createMdmHandlers(tenant: Tenant) {
  const url = tenant.fixture.mdmTermsOfUseUrl
  if (!url) return []
  return [
    http.get(url, () =>
      HttpResponse.text(
        `${tenant.fixture.displayName} device terms of use\n\n` +
          'By joining this device you allow your organisation to manage it: install and remove apps, ' +
          'apply security policies, and wipe organisation data if the device is lost.',
      ),
    ),
  ]
}
