import { ProtocolError } from './protocol-error.ts'
import type { Tenant } from './tenant.ts'
import { DRS_APP_ID, DRS_RESOURCE } from './well-known.ts'

/** A resource (API) the tenant issues access tokens for: its app ID and the URI tokens name as `aud`. */
export interface Resource {
  appId: string
  uri: string
  /** What `scp` says when the client asked for `.default`. */
  delegatedScope: string
  /** Other URIs clients name it by (Azure CLI asks for ARM by its older name). */
  aliases?: string[]
}

export const DRS: Resource = { appId: DRS_APP_ID, uri: DRS_RESOURCE, delegatedScope: 'user_impersonation' }
export const MICROSOFT_GRAPH: Resource = {
  appId: '00000003-0000-0000-c000-000000000000',
  uri: 'https://graph.microsoft.com',
  delegatedScope: 'User.Read',
}
const AAD_GRAPH: Resource = {
  appId: '00000002-0000-0000-c000-000000000000',
  uri: 'https://graph.windows.net',
  delegatedScope: 'user_impersonation',
}
const AZURE_RESOURCE_MANAGER: Resource = {
  appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
  uri: 'https://management.azure.com',
  delegatedScope: 'user_impersonation',
  aliases: ['https://management.core.windows.net'],
}
const RESOURCES = [DRS, MICROSOFT_GRAPH, AAD_GRAPH, AZURE_RESOURCE_MANAGER]

/**
 * A Microsoft first-party public client the tenant knows, with the resources it is pre-authorized
 * for. `family` marks the "family of client IDs" (FOCI): a refresh token one member gets is
 * redeemable by any other, and the token answer says `foci: "1"` (MSAL stores it as a family
 * refresh token: msal-common ResponseHandler reads `serverTokenResponse.foci`).
 */
export interface FirstPartyClient {
  appId: string
  name: string
  resources: Resource[]
  family: boolean
}

function client(appId: string, name: string, resources: Resource[], family: boolean): FirstPartyClient {
  return { appId, name, resources, family }
}

// Client IDs [clients: roadtx defaults, AADInternals' client list, Azure CLI/PowerShell sources].
// Family membership [clients: the public FOCI research list, which names all five of these but
// the Windows registration client].
const CLIENTS = [
  // The client Windows' CloudAP plug-in names in its PRT request [clients: roadtx get_prt_with_password;
  // the display name is ours]. Its PRT is redeemed for DRS (key registration).
  client('38aa3b87-a06d-4817-b275-7a316988d93b', 'Windows sign-in', [DRS], false),
  client('dd762716-544d-4aeb-a526-687b73838a22', 'Windows device registration client', [DRS], false),
  client(
    '29d9ed98-a469-4536-ade2-f981bc1d605e',
    'Microsoft Authentication Broker',
    [DRS, MICROSOFT_GRAPH, AAD_GRAPH],
    true,
  ),
  client(
    '1b730954-1685-4b74-9bfd-dac224a7b894',
    'Azure Active Directory PowerShell',
    [DRS, MICROSOFT_GRAPH, AAD_GRAPH],
    true,
  ),
  client(
    '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    'Microsoft Azure CLI',
    [AZURE_RESOURCE_MANAGER, MICROSOFT_GRAPH, AAD_GRAPH, DRS],
    true,
  ),
  client(
    '1950a258-227b-4e31-a9cf-717495945fc2',
    'Microsoft Azure PowerShell',
    [AZURE_RESOURCE_MANAGER, MICROSOFT_GRAPH, AAD_GRAPH, DRS],
    true,
  ),
  client('d3590ed6-52b3-4102-aeff-aad2292ab01c', 'Microsoft Office', [MICROSOFT_GRAPH, AAD_GRAPH], true),
]
const BY_ID = new Map(CLIENTS.map((entry) => [entry.appId, entry]))

/** The client the request names, or AADSTS700016 as Azure AD words it. */
export function requireClient(tenant: Tenant, clientId: string): FirstPartyClient {
  const known = BY_ID.get(clientId.toLowerCase())
  if (known) return known
  throw new ProtocolError(
    'azure-ad',
    400,
    'unauthorized_client',
    `Application with identifier '${clientId}' was not found in the directory '${tenant.fixture.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    700016,
  )
}

/** A resource by its URI (with or without a trailing slash, any case) or its app ID. */
function findResource(name: string): Resource | undefined {
  const wanted = name.toLowerCase().replace(/\/+$/, '')
  return RESOURCES.find((resource) =>
    [resource.appId, resource.uri, ...(resource.aliases ?? [])].some(
      (known) => known.toLowerCase() === wanted,
    ),
  )
}

/**
 * The resource a client asks for, when the tenant has it and the client is pre-authorized for it:
 * AADSTS500011 for a resource the tenant does not have, AADSTS65002 (first-party consent is by
 * pre-authorization only) for one the client may not ask for.
 */
export function requireResourceFor(tenant: Tenant, client: FirstPartyClient, name: string): Resource {
  const resource = findResource(name)
  if (!resource)
    throw new ProtocolError(
      'azure-ad',
      400,
      'invalid_resource',
      `The resource principal named ${name} was not found in the tenant named ${tenant.fixture.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      500011,
    )
  if (client.resources.includes(resource)) return resource
  throw new ProtocolError(
    'azure-ad',
    400,
    'invalid_grant',
    `Consent between first party application '${client.appId}' and first party resource '${resource.appId}' must be configured via preauthorization - applications owned and operated by Microsoft must get approval from the API owner before requesting tokens for that API.`,
    65002,
  )
}

/** Two clients may share a refresh token when they are the same client or both in the family. */
export function mayShareRefreshToken(issuedTo: string, presentedBy: FirstPartyClient): boolean {
  if (issuedTo === presentedBy.appId) return true
  return presentedBy.family && BY_ID.get(issuedTo)?.family === true
}

/** Whether a known client is pre-authorized for the resource: DRS reads a token's `appid` so. */
export function isPreAuthorized(appId: string, resource: Resource): boolean {
  return BY_ID.get(appId.toLowerCase())?.resources.includes(resource) === true
}
