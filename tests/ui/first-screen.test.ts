import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_DISPLAY, DISPLAY_STORAGE_KEY, readChoices } from '../../src/ui/display/display-choices.ts'
import { prerenderHolds } from '../../src/ui/first-screen/prerender-holds.ts'

const storing = (value: string | null) => ({
  getItem: (key: string) => (key === DISPLAY_STORAGE_KEY ? value : null),
})

describe('the stored look', () => {
  it('is the default when nothing, or nothing readable, is stored', () => {
    for (const stored of [null, '{', '[]', '"dark"', '42'])
      expect(readChoices(storing(stored))).toEqual(DEFAULT_DISPLAY)
    expect(readChoices(undefined)).toEqual(DEFAULT_DISPLAY)
  })

  it('keeps every good field and loses only a bad one', () => {
    expect(readChoices(storing('{"theme":"dark","presenter":true,"view":"stage"}'))).toEqual({
      theme: 'dark',
      presenter: true,
      view: 'stage',
    })
    expect(readChoices(storing('{"theme":"purple","presenter":true,"view":"sideways"}'))).toEqual({
      theme: 'system',
      presenter: true,
    })
    expect(readChoices(storing('{"theme":"light","presenter":"yes"}'))).toEqual({
      theme: 'light',
      presenter: false,
    })
  })
})

describe('whether the prerendered first screen is what a visit opens', () => {
  afterEach(() => vi.unstubAllGlobals())
  const visit = (hash: string, stored: string | null) => {
    vi.stubGlobal('window', { location: { hash }, localStorage: storing(stored) })
    return prerenderHolds(DISPLAY_STORAGE_KEY, DEFAULT_DISPLAY)
  }

  it('holds for the tracer page with the default look', () => {
    expect(visit('', null)).toBe(true)
    expect(visit('#/', null)).toBe(true)
    expect(visit('', JSON.stringify(DEFAULT_DISPLAY))).toBe(true)
  })

  it('does not hold for a story, the gallery, a look in the link, or a stored look of ones own', () => {
    expect(visit('#/story/aadj-managed-happy', null)).toBe(false)
    expect(visit('#/gallery', null)).toBe(false)
    expect(visit('#/?theme=dark', null)).toBe(false)
    expect(visit('', '{"theme":"dark","presenter":false}')).toBe(false)
    expect(visit('', '{"theme":"system","presenter":false,"view":"stage"}')).toBe(false)
    expect(visit('', 'not json')).toBe(false)
  })

  it('does not hold where storage is refused', () => {
    vi.stubGlobal('window', {
      location: { hash: '' },
      get localStorage(): Storage {
        throw new Error('SecurityError')
      },
    })
    expect(prerenderHolds(DISPLAY_STORAGE_KEY, DEFAULT_DISPLAY)).toBe(false)
  })
})
