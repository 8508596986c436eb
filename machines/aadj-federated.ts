import { cloudJoinEnding } from './phases/after-join.ts'
import { discoveringAzureAd } from './phases/azure-ad-discovery.ts'
import { creatingDeviceKeys } from './phases/device-keys.ts'
import { discoveringDrs } from './phases/drs-discovery.ts'
import { joiningDevice } from './phases/drs-join.ts'
import { authenticatingAtSts, signingInFederated } from './phases/federated-sign-in.ts'
import { collectingUsername } from './phases/sign-in.ts'
import { reviewingTermsOfUse } from './phases/terms-of-use.ts'
import { FLOW_ID, flowSetup } from './setup.ts'

/**
 * Azure AD joined, federated domain: seed phases A–I. Sign-in goes through the on-premises STS.
 * With `afterJoin`, then the first sign-in's PRT (J) and the Windows Hello key (K).
 * @see ../shared/seeds "Azure AD joined in Federated environments"
 */
const aadjFederated = (afterJoin: boolean) =>
  flowSetup.createMachine({
    id: FLOW_ID,
    context: ({ input }) => ({ deviceName: input.deviceName }),
    initial: 'discoveringAzureAd',
    states: {
      discoveringAzureAd: discoveringAzureAd('collectingUsername'),
      collectingUsername: collectingUsername('signingIn'),
      signingIn: signingInFederated('authenticatingAtSts'),
      authenticatingAtSts: authenticatingAtSts('signingIn.awaitingStsCredentials', 'reviewingTermsOfUse'),
      reviewingTermsOfUse: reviewingTermsOfUse('E', 'discoveringDrs'),
      discoveringDrs: discoveringDrs('F', 'creatingDeviceKeys'),
      creatingDeviceKeys: creatingDeviceKeys('G', 'joiningDevice'),
      joiningDevice: joiningDevice('H', 'completingRegistration'),
      ...cloudJoinEnding({ completion: 'I', prt: 'J', hello: 'K' }, afterJoin, 'assertion'),
    },
  })

export const aadjFederatedMachine = aadjFederated(false)
export const aadjFederatedAfterJoinMachine = aadjFederated(true)
