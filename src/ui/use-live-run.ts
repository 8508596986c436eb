import { useCallback, useRef, useSyncExternalStore } from 'react'
import { findScenario } from '../../machines/index.ts'
import type { FlowEvent } from '../../machines/setup.ts'
import { createDeviceStore } from '../device/device-store.ts'
import { createPlatformKeyProvider } from '../device/keys/webcrypto-provider.ts'
import { createWallClock } from '../engine/run-clock.ts'
import { startRun, type Run } from '../engine/run.ts'
import type { Step, Trace } from '../trace/schema.ts'
import type { Story } from '../stories/story.ts'
import type { EmulatedServices } from './emulated-services.ts'

export interface LiveRunView {
  status: 'idle' | 'running' | 'done'
  steps: readonly Step[]
  trace?: Trace
  rejection?: string
  termsOfUse?: string
}

const IDLE: LiveRunView = { status: 'idle', steps: [] }

/**
 * One live run at a time, started by a click (never from an effect: StrictMode runs effects twice).
 * The view is an immutable value rebuilt on every snapshot, so React re-renders only on change.
 */
export function useLiveRun(services: EmulatedServices) {
  const runRef = useRef<Run | undefined>(undefined)
  const viewRef = useRef<LiveRunView>(IDLE)
  const listeners = useRef(new Set<() => void>())
  const publish = (view: LiveRunView) => {
    viewRef.current = view
    listeners.current.forEach((listener) => listener())
  }
  const view = useSyncExternalStore(
    useCallback((listener: () => void) => {
      listeners.current.add(listener)
      return () => listeners.current.delete(listener)
    }, []),
    () => viewRef.current,
  )

  const start = useCallback(
    (story: Story) => {
      runRef.current?.stop()
      const scenario = findScenario(story.scenario)
      if (!scenario) return
      const tenant = services.useTenant(story.fixture())
      const run = startRun(
        scenario,
        { fetch: window.fetch.bind(window), clock: createWallClock(), keys: createPlatformKeyProvider(), store: createDeviceStore(), caCertificate: tenant.caCertificate },
        { story: story.id },
      )
      runRef.current = run
      const refresh = () => {
        const context = run.snapshot().context as { rejection?: string; termsOfUse?: { text: string } }
        publish({ status: 'running', steps: [...run.steps()], rejection: context.rejection, termsOfUse: context.termsOfUse?.text })
      }
      run.subscribe(refresh)
      refresh()
      run.done.then((trace) => runRef.current === run && publish({ status: 'done', steps: trace.steps, trace }))
    },
    [services],
  )
  const send = useCallback((event: FlowEvent) => runRef.current?.send(event), [])
  return { view, start, send }
}
