import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute, type Route } from '../../src/ui/routing/route.ts'

describe('routes in the address bar', () => {
  it('reads a story deep link with its frame, replay by default', () => {
    expect(parseRoute('#/story/aadj-federated-mfa?frame=7')).toEqual({
      page: 'story',
      storyId: 'aadj-federated-mfa',
      mode: 'replay',
      at: { frame: 7 },
    })
    expect(parseRoute('#/story/haadj-managed-happy?mode=live')).toEqual({
      page: 'story',
      storyId: 'haadj-managed-happy',
      mode: 'live',
    })
  })
  it("still reads old links' step=N as a step, not as a frame", () => {
    expect(parseRoute('#/story/aadj-federated-mfa?step=7')).toMatchObject({ at: { step: 7 } })
    expect(parseRoute('#/story/aadj-federated-mfa?step=2&frame=9')).toMatchObject({ at: { frame: 9 } })
  })
  it('reads presenter mode and theme from any page, ignoring values it does not know', () => {
    expect(parseRoute('#/story/aadj-managed-happy?frame=3&presenter=1&theme=dark')).toMatchObject({
      display: { presenter: true, theme: 'dark' },
    })
    expect(parseRoute('#/gallery?presenter=0')).toEqual({
      page: 'gallery',
      query: '',
      display: { presenter: false },
    })
    expect(parseRoute('#/?presenter=yes&theme=<b>')).toEqual({ page: 'tracer' })
  })
  it('round-trips every route it writes', () => {
    const routes: Route[] = [
      { page: 'tracer' },
      { page: 'tracer', display: { theme: 'light' } },
      { page: 'gallery', query: 'ad fs' },
      { page: 'story', storyId: 'aadj-managed-happy', mode: 'replay', at: { frame: 3 } },
      {
        page: 'story',
        storyId: 'aadj-managed-happy',
        mode: 'replay',
        at: { frame: 12 },
        display: { presenter: true, theme: 'dark' },
      },
    ]
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route)
  })
  it('calls anything else unknown, and drops a bad frame or step', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'unknown', hash: '#/nowhere' })
    expect(parseRoute('#/story/<img src=x>')).toEqual({ page: 'unknown', hash: '#/story/<img src=x>' })
    for (const bad of ['step=-2', 'frame=0', 'frame=1e3', 'frame=', 'step=2.5'])
      expect(parseRoute(`#/story/aadj-managed-happy?${bad}`)).toEqual({
        page: 'story',
        storyId: 'aadj-managed-happy',
        mode: 'replay',
      })
  })
})
