// npm run bench's baseline for first contentful paint: React renders the page's title and nothing
// else, so the ratio against the real page is what the app itself adds, on the same machine and run.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'

createRoot(document.getElementById('root')!).render(createElement('h1', null, 'device-join-tracer'))
