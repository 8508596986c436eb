import { assign } from 'xstate'
import type { PhaseLetter } from '../../src/trace/phases.ts'
import type { SyncSummary } from '../../src/trace/ports.ts'
import { FLOW_ID, flowSetup, onFailure, scheduleDeadline } from '../setup.ts'

const wroteDevice = (summary: SyncSummary, deviceId: string | undefined) =>
  Boolean(deviceId) &&
  summary.writtenBack.some((dn) => dn.toLowerCase().startsWith(`cn=${deviceId!.toLowerCase()},`))

/** Skipped cycles the phase watches before it stops waiting: a suspended scheduler must not hold the run forever. */
const WATCHED_SKIPPED_CYCLES = 3

/**
 * Device write-back (seed phase G of hybrid federated): after the join, Azure AD Connect's next
 * cycle writes the device into AD. The device has nothing left to do; this phase watches the sync.
 * A suspended scheduler delays it by a cycle; with write-back off nothing is written, and the trace
 * says so rather than leaving the phase out.
 */
export const awaitingDeviceWriteBack = (phase: PhaseLetter, next: string) =>
  flowSetup.createStateConfig({
    meta: {
      phase,
      title: 'Azure AD Connect writes the device back',
      narration: 'The device object comes back to Active Directory on the next sync cycle.',
    },
    initial: 'waitingForSyncCycle',
    states: {
      waitingForSyncCycle: {
        meta: {
          phase,
          title: 'Wait for the next sync cycle',
          narration:
            'With device write-back on, Azure AD Connect reads the new device object on its next cycle, matches it to the computer ' +
            'object, and writes it to Active Directory under RegisteredDevices. Certificate-trust Windows Hello for Business needs this.',
        },
        invoke: {
          src: 'awaitSyncCycle',
          input: {},
          onDone: [
            {
              guard: ({ context, event }) =>
                event.output.skipped && (context.skippedSyncCycles ?? 0) + 1 < WATCHED_SKIPPED_CYCLES,
              target: 'cycleSkipped',
              actions: assign({
                lastSync: ({ event }) => event.output,
                skippedSyncCycles: ({ context }) => (context.skippedSyncCycles ?? 0) + 1,
              }),
            },
            {
              guard: ({ event }) => event.output.skipped,
              target: 'stillSuspended',
              actions: assign({ lastSync: ({ event }) => event.output }),
            },
            {
              guard: ({ context, event }) => wroteDevice(event.output, context.join?.deviceId),
              target: `#${FLOW_ID}.${next}`,
              actions: assign({ lastSync: ({ event }) => event.output }),
            },
            { target: 'notWrittenBack', actions: assign({ lastSync: ({ event }) => event.output }) },
          ],
          onError: onFailure,
        },
        after: scheduleDeadline,
      },
      cycleSkipped: {
        meta: {
          phase,
          title: 'The sync cycle did not run',
          narration:
            "Azure AD Connect's scheduler skipped this cycle, so nothing is written yet. The device is registered all the same; write-back waits for the next cycle.",
        },
        always: 'waitingForSyncCycle',
      },
      stillSuspended: {
        meta: {
          phase,
          title: 'The scheduler stays suspended: stop watching',
          skipped: true,
          narration:
            `Azure AD Connect skipped ${WATCHED_SKIPPED_CYCLES} cycles in a row: its scheduler is suspended. The device is registered; ` +
            'the write-back happens on the first cycle after someone resumes the scheduler, so the trace stops watching here.',
        },
        always: `#${FLOW_ID}.${next}`,
      },
      notWrittenBack: {
        meta: {
          phase,
          title: 'Device write-back is off: nothing written',
          skipped: true,
          narration:
            'The cycle ran but wrote no device object to Active Directory: device write-back is not enabled in Azure AD Connect. ' +
            'The join stands; Windows Hello for Business with certificate trust would not work until write-back is turned on.',
        },
        always: `#${FLOW_ID}.${next}`,
      },
    },
  })
