/**
 * Every font the prerendered first screen draws text in, as CSS `font` shorthands (style, weight,
 * size, family) in the order the screen first uses them. A browser test compares this list with
 * the computed fonts of the built first screen, so a change of the stylesheet that adds or drops
 * a font fails there until the list follows.
 */
export const FIRST_SCREEN_FONTS: readonly string[] = [
  'normal 700 20.8px system-ui, sans-serif',
  'normal 700 16px system-ui, sans-serif',
  'normal 400 16px system-ui, sans-serif',
  'normal 600 16px system-ui, sans-serif',
  'normal 400 13.6px system-ui, sans-serif',
  'normal 700 17.28px system-ui, sans-serif',
  'normal 400 12px system-ui, sans-serif',
  'normal 700 13.6px system-ui, sans-serif',
  'italic 400 16px system-ui, sans-serif',
  'normal 600 13.6px system-ui, sans-serif',
  // The file inputs' inner button keeps the browser's own font.
  'normal 400 13.6px Arial',
  'normal 400 13.6px monospace',
  'normal 400 13.6px ui-monospace, monospace',
  'normal 400 16px Arial',
]

/**
 * Resolves each font in a task of its own, before the body's parse ends, so that the first layout
 * finds them in the renderer's font cache.
 *
 * Why: Chromium resolves a font the first time text is laid out in it, and on Linux each new
 * family, size, weight and style is a synchronous call to the browser process (a family match, a
 * render style per size, the font file): 29 lookups for this screen, all inside the one task that
 * ends the parse, where Chromium's autofill forces the page's first style and layout at
 * DOMContentLoaded. They cost 1–4 ms of CPU but waited for the browser's threads: 20 ms of that
 * task's 67 at a load average of 1.4, 170 of 420 ms at 7 (docs/performance.md). A canvas resolves
 * a font through the same per-thread cache, so measuring a character in each font earlier takes
 * those waits out of the first layout's task; timers run before the parser's next chunk here.
 *
 * It runs inline in index.html's head, so it stands alone: no imports, nothing from outside but
 * its argument and the page's globals. Nothing is drawn; a browser without a 2D canvas skips it.
 */
export function warmFonts(fonts: readonly string[]): void {
  let context: CanvasRenderingContext2D | null | undefined
  for (const font of fonts)
    setTimeout(() => {
      context ??= document.createElement('canvas').getContext('2d')
      if (!context) return
      context.font = font
      context.measureText('Aa')
    }, 0)
}
