import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Imports nothing from src/, machines/ or mocks/: the config describes the build, not the app.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    // Transform the app's modules as the server starts, so the first visitor does not wait on them.
    warmup: { clientFiles: ['./src/main.tsx', './src/ui/**/*.tsx', './mocks/browser.ts'] },
  },
  optimizeDeps: {
    // Everything the page loads lazily, bundled up front: otherwise Vite finds a dependency mid-run,
    // re-optimises and reloads the page under whoever is using it.
    include: [
      'react',
      'react-dom/client',
      'xstate',
      '@xstate/react',
      'msw',
      'msw/browser',
      'jose',
      'zod',
      'reflect-metadata',
      '@peculiar/x509',
      '@peculiar/asn1-schema',
      '@peculiar/asn1-x509',
      '@peculiar/asn1-csr',
      '@peculiar/asn1-rsa',
      'node-forge',
      'fast-xml-parser',
    ],
  },
})
