import { StrictMode } from 'react'
import { App } from '../App.tsx'
import type { EmulatedServices } from '../emulated-services.ts'

/** The whole page: the same element for the build's prerender and for the browser's hydration. */
export function Page({ services }: { services: EmulatedServices }) {
  return (
    <StrictMode>
      <App services={services} />
    </StrictMode>
  )
}
