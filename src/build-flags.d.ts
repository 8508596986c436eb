/** True in a `vite build`, false under the dev server (vite.config.ts defines it). */
declare const __STATIC_BUILD__: boolean
