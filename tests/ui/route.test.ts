import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute } from '../../src/ui/routing/route.ts'

describe('routes in the address bar', () => {
  it('reads a story deep link with its step, replay by default', () => {
    expect(parseRoute('#/story/aadj-federated-mfa?step=7')).toEqual({
      page: 'story',
      storyId: 'aadj-federated-mfa',
      mode: 'replay',
      step: 7,
    })
    expect(parseRoute('#/story/haadj-managed-happy?mode=live')).toEqual({
      page: 'story',
      storyId: 'haadj-managed-happy',
      mode: 'live',
    })
  })
  it('round-trips every route it writes', () => {
    for (const route of [
      { page: 'tracer' },
      { page: 'gallery', query: 'ad fs' },
      { page: 'story', storyId: 'aadj-managed-happy', mode: 'replay', step: 3 },
    ] as const) {
      expect(parseRoute(formatRoute(route))).toEqual(route)
    }
  })
  it('calls anything else unknown, including a bad step or a story id with markup', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'unknown', hash: '#/nowhere' })
    expect(parseRoute('#/story/<img src=x>')).toEqual({ page: 'unknown', hash: '#/story/<img src=x>' })
    expect(parseRoute('#/story/aadj-managed-happy?step=-2')).toEqual({
      page: 'story',
      storyId: 'aadj-managed-happy',
      mode: 'replay',
    })
  })
})
