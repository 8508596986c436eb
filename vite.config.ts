import { createServer, defineConfig, type Plugin } from 'vite'
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
      async handler(html) {
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
          return startAfterPaint(prerendered, module.startScript)
        } finally {
          await server.close()
        }
      },
    },
  }
}

const PARSE_END = 'parse-end.js'

/**
 * Ends the body with a module script that imports a file of its own (empty but for a comment), so
 * that the parse ends one request after the body was parsed, and the browser's first frame comes
 * before DOMContentLoaded rather than after it.
 *
 * Why: at DOMContentLoaded Chromium's autofill reads every form control of the page (the first
 * screen has some 40), and the first of those reads forces the style and layout of the whole page
 * if no frame has laid it out yet: the page's first layout, 36–62 ms of CPU in traced cold loads
 * at a load average of 10–15, in a task the Long Tasks API reports. A deferred module waits for
 * its imports, and DOMContentLoaded waits for the deferred scripts; the preload scanner does not
 * see an inline module's imports, so the request starts only once the body is parsed. The first
 * layout then happens in the first frame, a rendering task, and the extraction finds the page laid
 * out (6–14 ms of CPU for the whole task). An import of a data: URL did not wait long enough
 * (1 load in 4 still laid out at DOMContentLoaded). The file is hashed and precached like the rest.
 */
function layOutBeforeDomContentLoaded(): Plugin {
  return {
    name: 'lay-out-before-dom-content-loaded',
    apply: 'build',
    buildStart() {
      this.emitFile({
        type: 'asset',
        name: PARSE_END,
        source:
          "// Imported at the end of index.html's body (vite.config.ts, layOutBeforeDomContentLoaded).\n",
      })
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const file = Object.values(bundle ?? {}).find(
          (output) => output.type === 'asset' && output.names.includes(PARSE_END),
        )
        if (!file) throw new Error(`the build has no ${PARSE_END}`)
        if (html.split('</body>').length !== 2) throw new Error('index.html has not one </body>')
        return html.replace(
          '</body>',
          () => `  <script type="module">import "./${file.fileName}"</script>\n  </body>`,
        )
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
  plugins: [
    react(),
    precacheManifest(),
    preloadReactDom(),
    prerenderFirstScreen(),
    layOutBeforeDomContentLoaded(),
  ],
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
    ],
  },
}))
