import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Imports nothing from src/, machines/ or mocks/: the config describes the build, not the app.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
})
