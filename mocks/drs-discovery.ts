import type { Tenant } from './tenant.ts'
import { DRS, DRS_RESOURCE, LOGIN } from './well-known.ts'

/**
 * The DRS discovery document, tenant-specific. The contract form (MS-DVRD) and the newer
 * `Discover?api-version=1.9` form share these members; the newer one adds a few services.
 * @see protocol.md "E. DRS discovery"
 */
export function contractDiscovery(tenant: Tenant): Record<string, unknown> {
  const { tenantId } = tenant.fixture
  return {
    DeviceRegistrationService: {
      RegistrationEndpoint: `${DRS}/EnrollmentServer/DeviceEnrollmentWebService.svc`,
      RegistrationResourceId: DRS_RESOURCE,
      ServiceVersion: '1.0',
    },
    AuthenticationService: {
      OAuth2Authority: `${LOGIN}/${tenantId}/`,
      OAuth2ClientId: 'dd762716-544d-4aeb-a526-687b73838a22',
      OAuth2ResourceId: DRS_RESOURCE,
    },
    IdentityProviderService: { PassiveAuthEndpoint: `${LOGIN}/${tenantId}/wsfed` },
    DeviceJoinService: {
      JoinEndpoint: `${DRS}/EnrollmentServer/device/`,
      JoinResourceId: DRS_RESOURCE,
      ServiceVersion: '2.0',
    },
    KeyProvisioningService: {
      KeyProvisionEndpoint: `${DRS}/EnrollmentServer/key/`,
      KeyProvisionResourceId: DRS_RESOURCE,
      ServiceVersion: '1.0',
    },
  }
}

export function modernDiscovery(tenant: Tenant): Record<string, unknown> {
  const { tenantId, domain, displayName, federation } = tenant.fixture
  const base = contractDiscovery(tenant)
  return {
    DiscoveryService: { DiscoveryEndpoint: `${DRS}/${tenantId}/Discover`, ServiceVersion: '1.9' },
    ...base,
    AuthenticationService: {
      OAuth2: {
        AuthCodeEndpoint: `${LOGIN}/${tenantId}/oauth2/authorize`,
        TokenEndpoint: `${LOGIN}/${tenantId}/oauth2/token`,
      },
    },
    IdentityProviderService: {
      Federated: Boolean(federation),
      PassiveAuthEndpoint: `${LOGIN}/${tenantId}/wsfed`,
    },
    WebAuthNService: {
      ServiceVersion: '1.0',
      WebAuthNEndpoint: `${DRS}/webauthn/${tenantId}/`,
      WebAuthNResourceId: DRS_RESOURCE,
    },
    DeviceManagementService: {
      DeviceManagementEndpoint: `${DRS}/manage/${tenantId}/`,
      DeviceManagementResourceId: DRS_RESOURCE,
      ServiceVersion: '1.0',
    },
    PrecreateService: {
      PrecreateEndpoint: `${DRS}/EnrollmentServer/device/precreate/${tenantId}/`,
      PrecreateResourceId: DRS_RESOURCE,
      ServiceVersion: '2.0',
    },
    TenantInfo: { DisplayName: displayName, TenantId: tenantId, TenantName: domain },
    NonceService: {
      Endpoint: `${DRS}/EnrollmentServer/nonce/${tenantId}/`,
      ResourceId: DRS_RESOURCE,
      ServiceVersion: '1.0',
    },
  }
}
