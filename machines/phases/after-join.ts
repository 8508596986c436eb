import { assign } from 'xstate'
import type { PhaseLetter } from '../../src/trace/phases.ts'
import { FLOW_ID, finalStates, flowSetup, onFailure, serviceDeadline, userDeadline } from '../setup.ts'
import { completingRegistration } from './completion.ts'

const PRT_NARRATION =
  'The device asks Azure AD for a nonce (srv_challenge), then signs a request with dkpriv: the nonce, the Windows ' +
  'sign-in client and the user’s proof, its device certificate in the header (x5c). Azure AD checks certificate, device ' +
  'object, signature and nonce, and answers with the PRT and a session key sealed to tkpub. Only this device’s transport ' +
  'key opens it: the device unwraps it, checks it against the sealed envelope and keeps it unseen.'

const requestingPrt = (phase: PhaseLetter, next: string, proof: 'password' | 'assertion') =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Nonce, signed request, PRT and session key',
      narration:
        proof === 'password'
          ? `${PRT_NARRATION} The proof: the password just typed.`
          : `${PRT_NARRATION} The proof: AD FS’s assertion from setup, still valid (a later sign-in gets a new one over WS-Trust).`,
    },
    invoke: {
      src: 'requestPrimaryRefreshToken',
      // A typed password travels in the event that entered this state and never lands in context.
      input: ({ context, event }) => ({
        join: context.join!,
        keys: context.keys!,
        credential:
          proof === 'password'
            ? {
                kind: 'password' as const,
                username: context.username ?? '',
                password: event.type === 'password.submit' ? event.password : '',
              }
            : { kind: 'assertion' as const, assertionXml: context.assertion ?? '' },
      }),
      onDone: { target: `#${FLOW_ID}.${next}`, actions: assign({ prt: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })

/**
 * Optional phase after the join: the user's first sign-in on the joined device gets a Primary
 * Refresh Token. Managed: the user types the password at the sign-in screen. Federated: the device
 * reuses the assertion AD FS gave it during setup.
 */
const signingInFirstTime = (phase: PhaseLetter, next: string, proof: 'password' | 'assertion') =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'First sign-in: Primary Refresh Token',
      narration:
        'Setup is over and the user signs in to Windows on the joined device. Its sign-in plug-in proves two things to ' +
        'Azure AD at once, who the user is and that this is the registered device, and gets back the Primary Refresh Token.',
    },
    initial: proof === 'password' ? 'awaitingPassword' : 'requestingPrt',
    states: {
      ...(proof === 'password' ? { awaitingPassword: awaitingPassword(phase) } : {}),
      requestingPrt: requestingPrt(phase, next, proof),
    },
  })

const awaitingPassword = (phase: PhaseLetter) =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'The user signs in to Windows',
      prompt: 'password',
      narration: 'The Windows sign-in screen asks for the work account’s password.',
    },
    on: {
      'password.submit': 'requestingPrt',
      'signin.cancel': { target: `#${FLOW_ID}.SIGNIN_CANCELLED`, actions: 'recordCancel' },
    },
    after: userDeadline,
  })

/** Optional last phase: a Windows Hello for Business key for the user, registered with DRS. */
const registeringHelloKey = (phase: PhaseLetter, next = 'registered') =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Register a Windows Hello for Business key',
      narration:
        'Windows Hello gives the user a key pair of their own (the NGC key), made in the TPM when there is one. The device ' +
        'uses the PRT to get a DRS token for the user on this device; the token records how the user signed in, and the key ' +
        'service accepts it only after a second factor unless the tenant waives that. The device posts the public key to ' +
        'DRS, which writes it to the user’s object and answers with the key’s ID.',
    },
    invoke: {
      src: 'registerHelloKey',
      input: ({ context }) => ({ drs: context.drs, prt: context.prt! }),
      onDone: { target: next, actions: assign({ helloKey: ({ event }) => event.output }) },
      onError: onFailure,
    },
    after: serviceDeadline,
  })

/** Phase letters of a cloud join's ending: its completion, and the two after-join phases that may follow. */
interface EndingLetters {
  completion: PhaseLetter
  prt: PhaseLetter
  hello: PhaseLetter
}

/**
 * How a cloud join ends: completion, then with `afterJoin` the first sign-in's PRT and the Windows
 * Hello key, and the final states lettered by whichever phase came last. One place for both cloud flows.
 */
export const cloudJoinEnding = (
  letters: EndingLetters,
  afterJoin: boolean,
  proof: 'password' | 'assertion',
) => ({
  completingRegistration: completingRegistration(
    letters.completion,
    'Windows then goes on to enrol the device in MDM.',
    afterJoin ? 'signingInFirstTime' : 'registered',
  ),
  ...(afterJoin
    ? {
        signingInFirstTime: signingInFirstTime(letters.prt, 'registeringHelloKey', proof),
        registeringHelloKey: registeringHelloKey(letters.hello),
      }
    : {}),
  ...finalStates(afterJoin ? letters.hello : letters.completion),
})
