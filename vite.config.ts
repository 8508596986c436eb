import { createServer, defineConfig, type IndexHtmlTransformContext, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * Writes `precache.json`: every file the build made (scripts, styles, each recording's chunk, the
 * key worker), which public/offline-worker.js caches so the app works offline after one visit.
 */
function precacheManifest(): Plugin {
  return {
    name: 'precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).sort()
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify({ files }) })
    },
  }
}

interface FirstScreen {
  markup: string
  headScript: string
}

interface FirstScreenModule {
  firstScreen: () => Promise<FirstScreen>
  startScript: (entry: string, preloads: readonly string[]) => string
}

const ENTRY_SCRIPT = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/g
const MODULE_PRELOAD = /<link rel="modulepreload" crossorigin href="([^"]+)">\s*/g

/**
 * Swaps the entry's script tag and its modulepreload links, as Vite wrote them, for an inline
 * module that requests them once the first screen has been painted (start-after-paint.ts).
 */
function startAfterPaint(html: string, startScript: FirstScreenModule['startScript']): string {
  const entries = [...html.matchAll(ENTRY_SCRIPT)].map((match) => match[1]!)
  if (entries.length !== 1) throw new Error(`index.html has ${entries.length} entry scripts, not one`)
  const preloads = [...html.matchAll(MODULE_PRELOAD)].map((match) => match[1]!)
  return html
    .replace(ENTRY_SCRIPT, '')
    .replace(MODULE_PRELOAD, '')
    .replace(
      '</head>',
      () => `  <script type="module">${startScript(entries[0]!, preloads)}</script>\n  </head>`,
    )
}

const STYLESHEET = /<link rel="stylesheet" crossorigin href="([^"]+)">/g

/**
 * Writes the entry's stylesheet into index.html, so the first paint waits for no request (a round
 * trip on a slow network; on the bench's 2 cores, a frame of the bare head while it came). The
 * link stays, for Vite's preload helper: it looks for it before loading a lazy chunk's CSS, and
 * three lazy chunks list this file, which would otherwise be loaded again and restyle the whole
 * page in the middle of a session. It stays disabled and for no media: `disabled` alone keeps the
 * element from loading it, but Chromium's preload scanner fetched it all the same, during the
 * first paint; the scanner fetches no stylesheet whose media cannot match (corrected 2026-12-04,
 * measured in docs/performance.md, "The stylesheet the page did not need").
 */
function inlineStylesheet(html: string, bundle: IndexHtmlTransformContext['bundle']): string {
  const links = [...html.matchAll(STYLESHEET)]
  if (links.length !== 1) throw new Error(`index.html links ${links.length} stylesheets, not one`)
  const [link, href] = [links[0]![0], links[0]![1]!]
  const asset = Object.values(bundle ?? {}).find(
    (file) => file.type === 'asset' && href.endsWith(`/${file.fileName}`),
  )
  if (asset?.type !== 'asset') throw new Error(`the build has no ${href}`)
  const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source)
  // Inline, a url() would resolve against the page instead of the stylesheet, and "</style" would
  // end the element: neither occurs today, and the build stops if one comes.
  if (/url\(|<\/style/i.test(css)) throw new Error(`${href} has a url() or "</style": inline it by hand`)
  return html.replace(
    link,
    () => `<style>${css}</style>\n    ${link.replace('>', ' media="not all" disabled>')}`,
  )
}

/**
 * Writes the first screen into index.html (src/ui/first-screen/prerender.tsx renders it with
 * react-dom/static in Node, through a throwaway Vite server that compiles the app's modules), so the
 * page paints before its scripts have run; src/main.tsx hydrates it. A head script hides it before
 * the first paint on a visit it does not stand for (a story or gallery link, a stored look).
 */
function prerenderFirstScreen(): Plugin {
  return {
    name: 'prerender-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, { bundle }) {
        if (!html.includes('<div id="root"></div>')) throw new Error('index.html has no empty root')
        const server = await createServer({
          configFile: false,
          logLevel: 'warn',
          appType: 'custom',
          server: { middlewareMode: true, hmr: false, ws: false },
          optimizeDeps: { noDiscovery: true, include: [] },
        })
        try {
          const module = (await server.ssrLoadModule(
            '/src/ui/first-screen/prerender.tsx',
          )) as unknown as FirstScreenModule
          const { markup, headScript } = await module.firstScreen()
          const prerendered = html
            .replace('<div id="root"></div>', () => `<div id="root">${markup}</div>`)
            .replace('</title>', () => `</title>\n    <script>${headScript}</script>`)
          return inlineStylesheet(startAfterPaint(prerendered, module.startScript), bundle)
        } finally {
          await server.close()
        }
      },
    },
  }
}

/**
 * React DOM is imported dynamically by src/main.tsx, so that it evaluates in a task of its own, but
 * the page needs it at once: index.html preloads its chunk with the entry's static imports (once the
 * first screen is painted, src/ui/first-screen/start-after-paint.ts), and the entry size check
 * (scripts/bundle.mts) counts every chunk index.html names.
 */
function preloadReactDom(): Plugin {
  return {
    name: 'preload-react-dom',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find(
          (file) => file.type === 'chunk' && file.moduleIds.some((id) => id.includes('react-dom-client')),
        )
        if (!chunk) throw new Error('the build has no chunk holding React DOM')
        const link = `<link rel="modulepreload" crossorigin href="./${chunk.fileName}">`
        return html.replace('<script type="module"', () => `${link}\n    <script type="module"`)
      },
    },
  }
}

// Imports nothing from src/, machines/ or mocks/: the config describes the build, not the app.
export default defineConfig(({ command }) => ({
  // A build registers the offline worker; the dev server, MSW's worker alone (see src/main.tsx).
  // Decided by the command, not NODE_ENV, which test runners set to 'test' even for a build.
  define: { __STATIC_BUILD__: JSON.stringify(command === 'build') },
  // preloadReactDom before prerenderFirstScreen: the start-after-paint script takes its link with the rest.
  plugins: [react(), precacheManifest(), preloadReactDom(), prerenderFirstScreen()],
  // Relative to wherever the built folder is served from; `--base /tracer/` pins a sub-path.
  base: './',
  worker: { format: 'es' },
  build: {
    // Modules run in the order their imports say, whichever chunk they land in. Without it, a chunk
    // shared by lazy imports ran tsyringe (inside @peculiar/x509) before the Reflect polyfill that
    // src/device/x509.ts and mocks/x509.ts import first, and every live run stopped.
    rolldownOptions: { output: { strictExecutionOrder: true } },
  },
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
      'zod/mini',
      'reflect-metadata',
      '@peculiar/x509',
      '@peculiar/asn1-schema',
      '@peculiar/asn1-x509',
      '@peculiar/asn1-csr',
      '@peculiar/asn1-rsa',
      'node-forge',
      'fast-xml-parser',
      // Imported by the page's warm-up, the trace reader's worker (.saz files) or on demand: left to
      // discovery, a fresh dependency cache found them while tests ran, bundled a second time and
      // reloaded whichever pages were open.
      '@peculiar/asn1-cms',
      '@peculiar/asn1-pkcs9',
      'tldts',
      'tough-cookie',
      'fflate',
      '@statelyai/inspect',
    ],
  },
}))
