import { cloudJoinEnding } from './phases/after-join.ts'
import { creatingDeviceKeys } from './phases/device-keys.ts'
import { discoveringDrs } from './phases/drs-discovery.ts'
import { joiningDevice } from './phases/drs-join.ts'
import { discoveringAzureAd } from './phases/azure-ad-discovery.ts'
import { collectingUsername, signingInManaged } from './phases/sign-in.ts'
import { reviewingTermsOfUse } from './phases/terms-of-use.ts'
import { FLOW_ID, flowSetup } from './setup.ts'

/**
 * Azure AD joined, managed domain: seed phases A–H; with `afterJoin`, then the first sign-in's PRT
 * (I) and the Windows Hello key (J).
 * @see ../shared/seeds "Azure AD joined in Managed environments"
 */
const aadjManaged = (afterJoin: boolean) =>
  flowSetup.createMachine({
    id: FLOW_ID,
    context: ({ input }) => ({ deviceName: input.deviceName }),
    initial: 'discoveringAzureAd',
    states: {
      discoveringAzureAd: discoveringAzureAd('collectingUsername'),
      collectingUsername: collectingUsername('signingIn'),
      signingIn: signingInManaged('reviewingTermsOfUse'),
      reviewingTermsOfUse: reviewingTermsOfUse('D', 'discoveringDrs'),
      discoveringDrs: discoveringDrs('E', 'creatingDeviceKeys'),
      creatingDeviceKeys: creatingDeviceKeys('F', 'joiningDevice'),
      joiningDevice: joiningDevice('G', 'completingRegistration'),
      ...cloudJoinEnding({ completion: 'H', prt: 'I', hello: 'J' }, afterJoin, 'password'),
    },
  })

export const aadjManagedMachine = aadjManaged(false)
export const aadjManagedAfterJoinMachine = aadjManaged(true)
