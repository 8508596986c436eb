import { assign } from 'xstate'
import { completingRegistration } from './phases/completion.ts'
import { creatingDeviceKeys } from './phases/device-keys.ts'
import { awaitingDeviceWriteBack } from './phases/device-write-back.ts'
import { confirmingScpTenant, readingScp, startingJoinTask } from './phases/join-task.ts'
import { FLOW_ID, flowSetup, finalStates, onFailure, serviceDeadline } from './setup.ts'

const stsHostOf = (context: { realm?: { kind: string; authUrl?: string } }) =>
  context.realm?.kind === 'federated' && context.realm.authUrl ? new URL(context.realm.authUrl).host : ''

/**
 * Hybrid Azure AD joined, federated domain: seed phases A–G. AD FS vouches for the computer.
 * @see ../shared/seeds "Hybrid Azure AD joined in Federated environments"
 */
export const haadjFederatedMachine = flowSetup.createMachine({
  id: FLOW_ID,
  context: ({ input }) => ({ deviceName: input.deviceName }),
  initial: 'startingJoinTask',
  states: {
    startingJoinTask: startingJoinTask('readingScp'),
    readingScp: readingScp('confirmingScpTenant'),
    confirmingScpTenant: confirmingScpTenant('authenticatingComputer'),
    authenticatingComputer: {
      meta: {
        phase: 'C',
        title: 'Authenticate the computer through AD FS',
        narration: 'AD FS vouches for the computer to Azure AD.',
      },
      initial: 'findingFederationService',
      states: {
        findingFederationService: {
          meta: {
            phase: 'C',
            title: 'Find the federation service',
            narration:
              'The task asks Azure AD about the domain the SCP named; the federated answer names the AD FS host. The seed skips this ' +
              'look-up, but the task needs it to know where to authenticate.',
          },
          invoke: {
            src: 'discoverUserRealm',
            input: ({ context }) => ({ username: `${context.deviceName}$@${context.scp?.tenantName ?? ''}` }),
            onDone: [
              {
                guard: ({ event }) => event.output.kind === 'federated',
                target: 'requestingComputerToken',
                actions: assign({ realm: ({ event }) => event.output }),
              },
              {
                target: `#${FLOW_ID}.DISCOVERY_FAILED`,
                actions: assign({
                  error: () => ({
                    code: 'DISCOVERY_FAILED' as const,
                    message: "The tenant's domain is not federated: use the managed hybrid flow.",
                  }),
                }),
              },
            ],
            onError: onFailure,
          },
          after: serviceDeadline,
        },
        requestingComputerToken: {
          meta: {
            phase: 'C',
            title: 'Windows integrated authentication at AD FS',
            narration:
              'The computer authenticates to AD FS with Kerberos, at its WS-Trust Windows-transport endpoint; the seed calls this the ' +
              'enterprise device registration endpoint. AD FS returns a SAML token with the claims Azure AD needs: accounttype DJ, the ' +
              'objectGUID and the computer SID. Emulated here: the Negotiate ticket names the computer in clear, and nothing proves it ' +
              "holds the account's password.",
          },
          invoke: {
            src: 'requestComputerAssertion',
            input: ({ context }) => ({ stsHost: stsHostOf(context) }),
            onDone: {
              target: 'redeemingComputerAssertion',
              actions: assign({ assertion: ({ event }) => event.output }),
            },
            onError: onFailure,
          },
          after: serviceDeadline,
        },
        redeemingComputerAssertion: {
          meta: {
            phase: 'C',
            title: 'Azure AD validates the AD FS token',
            narration:
              'The task hands the AD FS token to Azure AD, which checks it against the federation trust and returns tokens for the computer.',
          },
          invoke: {
            src: 'redeemAssertion',
            input: ({ context }) => ({
              tokenEndpoint: `https://login.microsoftonline.com/${context.scp?.tenantId ?? 'common'}/oauth2/token`,
              assertion: context.assertion ?? '',
            }),
            onDone: {
              target: `#${FLOW_ID}.creatingDeviceKeys`,
              actions: assign({ tokens: ({ event }) => event.output }),
            },
            onError: onFailure,
          },
          after: serviceDeadline,
        },
      },
    },
    creatingDeviceKeys: creatingDeviceKeys('D', 'requestingEnterprisePrt'),
    requestingEnterprisePrt: {
      meta: {
        phase: 'E',
        title: 'Get an enterprise PRT from AD FS',
        narration:
          'For single sign-on to on-premises applications, the task asks AD FS (Windows Server 2016 or later) for an enterprise primary ' +
          'refresh token, proving possession of the device key. The exact request Windows sends is not public; this one is our best understanding.',
      },
      invoke: {
        src: 'requestEnterprisePrt',
        input: ({ context }) => ({ stsHost: stsHostOf(context), keys: context.keys! }),
        onDone: 'joiningDevice',
        onError: onFailure,
      },
      after: serviceDeadline,
    },
    joiningDevice: {
      meta: {
        phase: 'F',
        title: 'Register with DRS',
        narration:
          "The task sends DRS the computer's token, the certificate request and tkpub, as a hybrid join (JoinType 6). DRS checks the " +
          "token's computer claims, writes the device object and returns the device ID (the objectGUID) and certificate.",
      },
      invoke: {
        src: 'joinDevice',
        input: ({ context }) => ({
          drs: context.drs,
          tokens: context.tokens!,
          keys: context.keys!,
          domain: context.scp?.tenantName ?? '',
          deviceName: context.deviceName,
          joinType: 6 as const,
        }),
        onDone: { target: 'completingRegistration', actions: assign({ join: ({ event }) => event.output }) },
        onError: onFailure,
      },
      after: serviceDeadline,
    },
    completingRegistration: completingRegistration('F', 'The task exits.', 'awaitingDeviceWriteBack'),
    awaitingDeviceWriteBack: awaitingDeviceWriteBack('G', 'registered'),
    ...finalStates('G'),
  },
})
